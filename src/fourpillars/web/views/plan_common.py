"""What the plan screens share: loading a plan as an audited consultation (purpose first
outside the lead agency), the findings panel with links to the rows its identifiers name,
and the agencies an action can be given to.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fourpillars.accounts.models import Agency
from fourpillars.domain import plans as plan_rules
from fourpillars.domain.access import Permission
from fourpillars.plans.models import Plan
from fourpillars.services import plans as services
from fourpillars.services.accounts import agency_names
from fourpillars.services.errors import JustificationRequired
from fourpillars.web import plain
from fourpillars.web.forms import plan_sections as sections
from fourpillars.web.forms.plan_fields import AgencyChoice, Assessment

from .cases import justify_url
from .common import actor, session_justification

Loaded = Plan | HttpResponse


def consult(
    request: HttpRequest,
    plan_id: int,
    read: Callable[..., Plan] = services.consult_plan,
) -> Loaded:
    """The plan through ``read`` (an audited consultation), or a redirect to give the purpose
    for its case first."""
    user = actor(request)
    case_id = services.plan_case_id(user, plan_id)
    try:
        return read(
            actor=user, plan_id=plan_id, justification=session_justification(request, case_id)
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def consult_for_edit(
    request: HttpRequest, plan_id: int, permission: Permission = Permission.MANAGE_CASE
) -> Loaded:
    """As ``consult``, for a change screen: 403 before the purpose is asked when the policy
    does not let the user ``permission`` the plan (change it; approve it)."""
    return consult(
        request, plan_id, functools.partial(services.consult_plan_for_edit, permission=permission)
    )


def stored_document(plan: Plan) -> dict[str, Any]:
    """The plan document as stored (it includes the period the builder edits)."""
    return services.plan_document(plan)


def assessment_of(doc: Mapping[str, Any]) -> Assessment:
    return Assessment(
        list(doc.get("risk_factors") or []),
        list(doc.get("protective_factors") or []),
        list(doc.get("scenarios") or []),
    )


def agency_choices(with_access: Iterable[str]) -> tuple[list[AgencyChoice], list[AgencyChoice]]:
    """Every agency, those holding access to the case first (reference data, not case data)."""
    holding = set(with_access)
    rows = [AgencyChoice(a.code, a.name) for a in Agency.objects.order_by("name", "code")]
    return [a for a in rows if a.code in holding], [a for a in rows if a.code not in holding]


def recipients(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The plan's information considered and who received it, with agencies by name (one
    query), for the plan page."""
    information = [r for r in doc.get("information_considered") or [] if isinstance(r, Mapping)]
    sent = [r for r in doc.get("communicated") or [] if isinstance(r, Mapping)]
    codes = {str(r.get("agency")) for r in information} | {str(r.get("to")) for r in sent}
    names = dict(Agency.objects.filter(code__in=sorted(codes)).values_list("code", "name"))
    names[plan_rules.VICTIM_LIAISON] = plan_rules.VICTIM_LIAISON_LABEL

    def day(raw: object) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            return None

    return {
        "information": [
            (names.get(str(r.get("agency")), r.get("agency")), r.get("summary"))
            for r in information
        ],
        "communicated": [
            (names.get(str(r.get("to")), r.get("to")), day(r.get("on"))) for r in sent
        ],
    }


@dataclass(frozen=True)
class Ref:
    ident: str
    href: str
    name: str = ""  # an agency's name, where the identifier is its code

    @property
    def label(self) -> str:
        """Agencies, pillars, kinds of offending and the victim liaison officer by name; every
        other identifier as it is (rf1, a2, v1)."""
        if self.name:
            return self.name
        if self.ident == plan_rules.VICTIM_LIAISON:
            return plan_rules.VICTIM_LIAISON_LABEL
        return plan_rules.PILLARS.get(self.ident) or plan_rules.OFFENDING_KINDS.get(
            self.ident, self.ident
        )


@dataclass(frozen=True)
class FindingView:
    code: str
    severity: str
    message: str
    refs: list[Ref]
    source: str

    @property
    def is_error(self) -> bool:
        return self.severity == plan_rules.ERROR

    @property
    def title(self) -> str:
        """What the rule checks, in words (the code is small print)."""
        return plain.finding_title(self.code)


def page_links(plan_id: int, doc: Mapping[str, Any]) -> dict[str, str]:
    """Where each identifier a finding names is changed in the builder's task list: an action,
    a victim or a contingency on its own page, a pillar among the actions, the victim liaison
    officer among the recipients, a factor in the panel beside the task list."""
    home = reverse("plan-edit", args=[plan_id])
    links: dict[str, str] = {
        p: f"{sections.section_url(plan_id, 'actions')}#pillar-{p}" for p in plan_rules.PILLARS
    }
    links[plan_rules.VICTIM_LIAISON] = sections.section_url(plan_id, "information")
    for key in ("risk_factors", "protective_factors"):
        for row in doc.get(key) or []:
            if isinstance(row, Mapping) and row.get("id"):
                links[str(row["id"])] = f"{home}#factor-{row['id']}"
    for key in ("victims", "actions"):
        for i, row in enumerate(r for r in doc.get(key) or [] if isinstance(r, Mapping)):
            if row.get("id"):
                links[str(row["id"])] = sections.item_url(plan_id, key, i)
    contingencies = sections.section_url(plan_id, "contingencies")
    for s in doc.get("scenarios") or []:
        links[str(s["id"])] = f"{contingencies}#scenario-{s['id']}"
    for i, c in enumerate(r for r in doc.get("contingencies") or [] if isinstance(r, Mapping)):
        scenario = str(c.get("scenario") or "")
        if scenario and links.get(scenario, "").startswith(contingencies):
            links[scenario] = sections.item_url(plan_id, "contingencies", i)
    assessment = doc.get("assessment")
    if isinstance(assessment, Mapping) and assessment.get("id"):
        links[str(assessment["id"])] = reverse("assessment", args=[assessment["id"]])
    return links


def ref_links(doc: Mapping[str, Any], *, base: str = "") -> dict[str, str]:
    """Where each identifier a finding names is on the page (``base`` for another page):
    factors, scenarios, victims, actions, pillars and
    the assessment."""
    links: dict[str, str] = {p: f"{base}#pillar-{p}" for p in plan_rules.PILLARS}
    links[plan_rules.VICTIM_LIAISON] = f"{base}#section-communicated"
    for key, anchor in (
        ("risk_factors", "factor"),
        ("protective_factors", "factor"),
        ("victims", "victim"),
        ("actions", "action"),
    ):
        for row in doc.get(key) or []:
            if isinstance(row, Mapping) and row.get("id"):
                links[str(row["id"])] = f"{base}#{anchor}-{row['id']}"
    for s in doc.get("scenarios") or []:
        links[str(s["id"])] = f"{base}#scenario-{s['id']}"
    assessment = doc.get("assessment")
    if isinstance(assessment, Mapping) and assessment.get("id"):
        links[str(assessment["id"])] = reverse("assessment", args=[assessment["id"]])
    return links


def finding_views(
    found: Sequence[plan_rules.Finding],
    links: Mapping[str, str],
    agencies: Mapping[str, str] | None = None,
) -> list[FindingView]:
    """The checker's findings as shown: agencies by name in the message and the identifiers
    it concerns (``agencies`` by code, read here in one query unless given)."""
    if agencies is None:
        agencies = agency_names()
    return [
        FindingView(
            f.code,
            f.severity,
            plain.agencies_named(f.message, agencies),
            [Ref(r, links.get(r, ""), agencies.get(r, "")) for r in f.refs],
            f.source,
        )
        for f in found
    ]


def findings_panel(
    plan: Plan,
    doc: dict[str, Any],
    *,
    pages: bool = False,
    agencies: Mapping[str, str] | None = None,
    **links: Any,
) -> dict[str, Any]:
    """The findings panel's context: every finding with its links, and the counts. ``doc`` is
    the stored document (``stored_document``), checked as it is rather than read again;
    ``pages``: link to the builder's section and item pages; ``agencies``: their names by
    code, if the page has read them already."""
    where = page_links(plan.pk, doc) if pages else ref_links(doc, **links)
    shown = finding_views(services.findings(plan, doc), where, agencies)
    errors = sum(1 for f in shown if f.is_error)
    return {"findings": shown, "finding_errors": errors, "finding_warnings": len(shown) - errors}
