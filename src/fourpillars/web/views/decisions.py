"""Recording a defensible decision on a case: what was decided, the options considered, the
rationale, the evidence it rests on, who dissented and why, and (for a correction) the
earlier decision it corrects. Decisions are never edited ([KEMSHALL-DD]; decision 0012).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fourpillars.domain import decisions as decision_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError
from fourpillars.register.models import Case
from fourpillars.services import decisions
from fourpillars.web.errors import service_errors
from fourpillars.web.forms.approval import (
    blank_count,
    dissent_fields,
    option_fields,
    rows_from_post,
)
from fourpillars.web.forms.ui import UiField, attach_errors, options
from fourpillars.web.templatetags.dates import long_date

from .common import actor, render
from .editing import load_for_edit

# Plan approvals and acknowledged warnings are recorded by approving a plan.
SYSTEM_KINDS = (
    decision_rules.DecisionKind.PLAN_APPROVAL,
    decision_rules.DecisionKind.WARNING_ACKNOWLEDGED,
)
RECORDED_HERE = [(k.value, k.label) for k in decision_rules.DecisionKind if k not in SYSTEM_KINDS]
LABELS = {
    "kind": "Kind of decision",
    "options": "Options considered",
    "evidence": "Evidence",
    "dissent": "Dissent",
}
ROWS = {"options": (), "evidence": (), "dissent": ("who", "reason")}


def _refers_to(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else raw


def decision_from_post(post: QueryDict) -> dict[str, Any]:
    """The decision as ``record_decision`` takes it; evidence rows are free text."""
    evidence = [r[""] for r in rows_from_post(post, "evidence", ())]
    return {
        "kind": post.get("kind", ""),
        "summary": post.get("summary", ""),
        "rationale": post.get("rationale", ""),
        "options": [r[""] for r in rows_from_post(post, "options", ())],
        "evidence": [
            {"type": "reference", "id": str(i + 1), "label": text}
            for i, text in enumerate(evidence)
        ],
        "dissent": rows_from_post(post, "dissent", ("who", "reason")),
        "refers_to": _refers_to(post.get("refers_to", "")),
    }


def _fields(case: Case, data: dict[str, Any], blanks: dict[str, int]) -> dict[str, Any]:
    kind = UiField(
        "kind",
        "What kind of decision is it?",
        "radios",
        options=options(RECORDED_HERE),
        hint="Plan approvals are recorded by approving the plan.",
    )
    kind.choose([str(data.get("kind") or "")])
    earlier = [
        (str(d.pk), f"Decision {d.pk}, {long_date(d.decided_at)}: {d.summary[:80]}")
        for d in decisions.decisions_for(case)[:200]
    ]
    refers = UiField(
        "refers_to",
        "Does it correct an earlier decision?",
        "select",
        options=options(earlier),
        hint="Decisions are never changed: a correction is recorded as a new "
        "decision that names the one it corrects.",
    )
    refers.choose([str(data.get("refers_to") or "")])
    evidence = [e.get("label", "") for e in data.get("evidence") or [] if isinstance(e, dict)]
    summary = UiField(
        "summary", "What was decided", "textarea", str(data.get("summary") or ""), rows=3
    )
    rationale = UiField(
        "rationale",
        "Why: the rationale",
        "textarea",
        str(data.get("rationale") or ""),
        hint="The reasoning a reviewer, a court or an inspector would need.",
    )
    option_rows = option_fields(list(data.get("options") or []), blanks["options"])
    evidence_rows = [
        UiField(
            f"evidence.{i}",
            f"Evidence {i + 1}",
            value=v,
            hint="An assessment, plan version, minute or document the decision rests on."
            if i == 0
            else "",
        )
        for i, v in enumerate([*evidence, *[""] * blanks["evidence"]])
    ]
    dissent_rows = dissent_fields(list(data.get("dissent") or []), blanks["dissent"])
    return {
        "kind": kind,
        "summary": summary,
        "rationale": rationale,
        "options": option_rows,
        "evidence": evidence_rows,
        "dissent": dissent_rows,
        "refers_to": refers,
        "all": [
            kind,
            summary,
            rationale,
            *option_rows,
            *evidence_rows,
            *[f for pair in dissent_rows for f in pair],
            refers,
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def new(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET shows the form (a consultation of the case); POST records the decision."""
    loaded = load_for_edit(request, case_id, Permission.RECORD_DECISION)
    if isinstance(loaded, HttpResponse):
        return loaded
    case = loaded
    post = request.POST if request.method == "POST" else None
    adding = request.POST.get("add", "") if post is not None else ""
    blanks = {s: blank_count(post, s, cols, adding == s) for s, cols in ROWS.items()}
    data = decision_from_post(request.POST) if post is not None else {}
    summary = []
    if post is not None and adding not in ROWS:
        try:
            row = decisions.record_decision(actor=actor(request), case_id=case.pk, data=data)
        except DomainValidationError as exc:
            fields = _fields(case, data, blanks)
            summary = attach_errors(exc.errors, fields["all"], LABELS).summary
            return _page(request, case, fields, summary)
        messages.success(request, f"Decision {row.pk} recorded.")
        return redirect("case-decisions", case_id=case.pk)
    return _page(request, case, _fields(case, data, blanks), summary)


def _page(
    request: HttpRequest, case: Case, fields: dict[str, Any], summary: list[Any]
) -> HttpResponse:
    context = {"case": case, "person": case.person, "f": fields, "errors": summary}
    return render(request, "web/plans/decision_form.html", context)
