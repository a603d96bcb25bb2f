"""Template helpers: GOV.UK form fields and the labels behind coded values.

Everything here returns plain strings or escaped HTML built with ``format_html``: user-typed
text is never marked safe.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django import forms, template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from fourpillars.domain import dates
from fourpillars.domain.agencies import (
    AGENCY_KIND_LABELS,
    LAWFUL_BASIS_LABELS,
    ROLE_LABELS,
    AgencyKind,
    LawfulBasis,
    Role,
)
from fourpillars.domain.audit import RECORDED_PURPOSE_LABELS, Operation, Purpose
from fourpillars.domain.ecris import OFFENCE_CATEGORIES
from fourpillars.domain.mappa import (
    CATEGORY_INFO,
    LEVEL_LABELS,
    CaseStatus,
    MappaCategory,
    MappaLevel,
)
from fourpillars.domain.notification import DISPOSAL_LABELS, Disposal
from fourpillars.services.notifications import unread_count
from fourpillars.web import plain
from fourpillars.web.forms.dates import HINT as DATE_HINT
from fourpillars.web.forms.dates import DateParts, date_boxes
from fourpillars.web.forms.widgets import DatePartsInput
from fourpillars.web.navigation import nav_items
from fourpillars.web.templatetags.dates import long_datetime

register = template.Library()
OPERATION_LABELS = Operation.labels()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    """How many notifications the signed-in user has not read (the header's link)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return unread_count(user) if user is not None else 0


@register.simple_tag(takes_context=True)
def navigation(context: template.Context) -> list[dict[str, object]]:
    request = context.get("request")
    return nav_items(request) if request is not None else []


_INPUT_CLASS = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
}


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, DatePartsInput):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("web/includes/field.html")
def field(
    bound: forms.BoundField, label_class: str = "govuk-label", heading: bool = False
) -> dict[str, Any]:
    """One GOV.UK form group: label, hint, error message and the control, wired by ids.
    ``heading`` makes a radio group's legend the page's h1 (one question per page)."""
    widget = bound.field.widget
    kind = _kind(widget)
    base = next((c for t, c in _INPUT_CLASS.items() if isinstance(widget, t)), "govuk-input")
    if kind == "date":
        return _date_field(bound)
    described = [
        f"{bound.auto_id}-hint" if bound.help_text else "",
        f"{bound.auto_id}-error" if bound.errors else "",
    ]
    classes = [base, str(widget.attrs.get("class", ""))]
    if bound.errors:
        classes.append(f"{base}--error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if any(described):
        attrs["aria-describedby"] = " ".join(d for d in described if d)
    options = []
    if kind == "radios":
        value = str(bound.value() or "")
        choices = bound.field.choices  # type: ignore[attr-defined]
        options = [
            {
                "id": f"{bound.auto_id}_{i}",
                "value": str(v),
                "label": lbl,
                "checked": str(v) == value,
            }
            for i, (v, lbl) in enumerate(choices)
        ]
    return {
        "bound": bound,
        "kind": kind,
        "control": SafeString(bound.as_widget(attrs=attrs)) if kind != "radios" else "",
        "options": options,
        "label_class": label_class,
        "heading": heading,
        "described": attrs.get("aria-describedby", ""),
    }


def _date_field(bound: forms.BoundField) -> dict[str, Any]:
    """The GOV.UK date input: what was typed (or the stored date) in three boxes; on an error,
    the boxes the problem is in marked (all three when it is about the whole date)."""
    value = bound.value()
    parts = DateParts.from_value(value)
    errors = " ".join(str(e) for e in bound.errors)
    hint = " ".join(t for t in (str(bound.help_text or ""), DATE_HINT) if t)
    return {
        "kind": "date",
        "date": date_boxes(
            str(bound.auto_id or bound.html_name), bound.html_name, parts, str(bound.label), errors
        ),
        "hint": hint,
        "error": errors,
        "bound": bound,
    }


def _label(mapping: Mapping[Any, str], enum: type, value: object) -> str:
    try:
        return mapping[enum(value)]
    except (ValueError, KeyError, TypeError):
        return str(value or "")


@register.filter
def person_name(user: object) -> str:
    """A person by name (first and last), never by username unless no name is held."""
    full = getattr(user, "get_full_name", None)
    name = full() if callable(full) else ""
    return str(name or getattr(user, "username", "") or "")


@register.filter
def category_label(value: object) -> str:
    try:
        return CATEGORY_INFO[MappaCategory(int(str(value)))].label
    except (ValueError, KeyError):
        return str(value)


@register.filter
def category_confirmed(value: object) -> bool:
    try:
        return CATEGORY_INFO[MappaCategory(int(str(value)))].confirmed
    except (ValueError, KeyError):
        return False


@register.filter
def level_label(value: object) -> str:
    try:
        return LEVEL_LABELS[MappaLevel(int(str(value)))]
    except (ValueError, KeyError):
        return str(value)


@register.filter
def ecris_label(code: object) -> str:
    """The offence category's name (whether its code is confirmed is said once per page, in
    ``ecris_unconfirmed``, not beside every conviction)."""
    entry = OFFENCE_CATEGORIES.get(str(code or ""))
    return entry.label if entry is not None else ""


@register.filter
def ecris_unconfirmed(convictions: Any) -> list[str]:
    """The ECRIS codes among the convictions not yet checked against the official table."""
    found: list[str] = []
    for c in convictions or []:
        entry = OFFENCE_CATEGORIES.get(str(getattr(c, "ecris_code", "") or ""))
        if entry is not None and not entry.confirmed and entry.code not in found:
            found.append(entry.code)
    return found


COMPLETION_LABELS = {"C": "Completed", "A": "Attempted or prepared"}
PARTICIPATION_LABELS = {"M": "Perpetrator", "H": "Aider, abettor or instigator"}


@register.filter
def completion_label(value: object) -> str:
    return COMPLETION_LABELS.get(str(value or ""), str(value or "") or "Not known")


@register.filter
def participation_label(value: object) -> str:
    return PARTICIPATION_LABELS.get(str(value or ""), str(value or "") or "Not known")


@register.filter
def purpose_label(value: object) -> str:
    return _label(RECORDED_PURPOSE_LABELS, Purpose, value)


@register.filter
def basis_label(value: object) -> str:
    """A sharing basis by its label; another basis (a transfer abroad's) by its vocabulary's."""
    shown = _label(LAWFUL_BASIS_LABELS, LawfulBasis, value)
    return plain.label(shown) if shown == str(value or "") else shown


@register.filter
def disposal_label(value: object) -> str:
    """The disposal's name without the form's instruction ("give its length ...")."""
    return re.sub(r"\s*\(give [^)]*\)", "", _label(DISPOSAL_LABELS, Disposal, value))


@register.filter
def role_label(value: object) -> str:
    return _label(ROLE_LABELS, Role, value)


@register.filter
def agency_kind_label(value: object) -> str:
    return _label(AGENCY_KIND_LABELS, AgencyKind, value)


CASE_STATUS_TAGS: dict[str, str] = {
    CaseStatus.ACTIVE: "govuk-tag--green",
    CaseStatus.SUSPENDED: "govuk-tag--yellow",
}


@register.filter
def case_status_tag(value: object) -> str:
    return CASE_STATUS_TAGS.get(str(value or ""), "govuk-tag--grey")


@register.filter
def months_text(months: object) -> str:
    """A notification period in years and months, as SOA 2003 periods are stated."""
    if not isinstance(months, int):
        return ""
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts) or "0 months"


ACTION_LABELS = {
    "create_person": "Person recorded",
    "register_case": "Case registered",
    "update_case": "Case details changed",
    "change_status": "Status changed",
    "share_case": "Case shared",
    "revoke_share": "Share revoked",
    "update_person": "Personal details changed",
    "add_name": "Name added",
    "add_identifier": "Identifier added",
    "remove_identifier": "Identifier removed",
    "add_address": "Address added",
    "update_address": "Address changed",
    "remove_address": "Address removed",
    "add_conviction": "Conviction added",
    "update_conviction": "Conviction changed",
    "remove_conviction": "Conviction removed",
    "start_rosh_assessment": "RoSH assessment started",
    "save_rosh_draft": "RoSH draft saved",
    "score_instrument": "Instrument scored",
    "remove_instrument_result": "Instrument result removed",
    "submit_rosh_assessment": "RoSH assessment submitted",
    "countersign_rosh_assessment": "RoSH assessment countersigned",
    "decide_level": "MAPPA level decided",
    "start_plan": "Risk management plan started",
    "save_plan": "Plan draft saved",
    "approve_plan": "Risk management plan approved",
    "update_action_status": "Plan action progressed",
    "record_decision": "Decision recorded",
    "refer_case": "Referred for level 2 or 3",
    "screen_referral": "Referral screened",
    "read_referral_outcome": "Referral outcome read by the referrer",
    "request_transfer": "Transfer to another area asked for",
    "transfer_case": "Case moved to another area",
    "accept_transfer": "Transfer accepted",
    "refuse_transfer": "Transfer refused",
    "withdraw_transfer": "Transfer request withdrawn",
    "read_transfer_decision": "Transfer decision read by the requester",
    "view_case": "Case viewed",
    "view_case_person": "Person viewed",
    "view_case_risk": "Risk viewed",
    "view_case_plan": "Plan part of the case viewed",
    "view_case_sharing": "Sharing viewed",
    "view_timeline": "Timeline viewed",
    "view_caseload": "Caseload viewed",
    "search": "Search",
    "list_decisions": "Decisions listed",
    "list_level_decisions": "Level decisions listed",
    "view_plan": "Plan viewed",
    "list_plans": "Plan versions listed",
    "view_rosh_assessment": "RoSH assessment viewed",
    "list_rosh_assessments": "RoSH assessments listed",
    "view_instrument_prefill": "Instrument form filled from the register",
    "list_my_actions": "My actions listed",
    "view_audit_trail": "Audit trail viewed",
    "export_audit_trail_csv": "Audit trail downloaded as CSV",
    "export_plan_pdf": "Plan downloaded as PDF",
    "export_rosh_summary_pdf": "RoSH summary downloaded as PDF",
    "export_referral_pdf": "Referral (MAPPA A) downloaded as PDF",
    "export_minutes_pdf": "Minutes downloaded as PDF",
    "export_meeting_ics": "Calendar entry downloaded",
    "create_user": "User created",
    "set_user_active": "User activated or deactivated",
    "create_agency": "Agency created",
    "create_area": "Area created",
    "set_review_intervals": "Review intervals set",
    "issue_token": "API token issued",
    "revoke_token": "API token revoked",
    "sign_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "lock_out": "Sign-in locked after repeated failures",
    "sign_out": "Signed out",
    "refused_read": "Record asked for but not shown (no access)",
    "change_password": "Password changed",
    "reset_password": "Password reset by an administrator",
    "set_up_two_factor": "Authenticator app set up",
    "new_recovery_codes": "New recovery codes",
    "add_security_key": "Security key or passkey added",
    "remove_security_key": "Security key or passkey removed",
}
TARGET_LABELS = {
    "rosh_assessment": "RoSH assessment",
    "api_token": "API token",
    "audit_trail": "Audit trail",
    "actions": "Actions",
}


@register.filter
def action_label(action: object) -> str:
    text = str(action or "")
    return ACTION_LABELS.get(text, text.replace("_", " ").capitalize())


@register.filter
def target_label(kind: object) -> str:
    """What an audit row is about ("rosh_assessment" -> "RoSH assessment")."""
    text = str(kind or "")
    return TARGET_LABELS.get(text, text.replace("_", " ").capitalize())


@register.filter
def operation_label(value: object) -> str:
    return _label(OPERATION_LABELS, Operation, value)


@register.filter
def justification_text(event: Any) -> str:
    """What the reader wrote with their purpose (the row keeps "<purpose>; <text>")."""
    text = str(getattr(event, "justification", "") or "")
    purpose = str(getattr(event, "purpose", "") or "")
    if purpose and text.startswith(purpose):
        return text[len(purpose) :].lstrip("; ")
    return text


SHOW_MAX = 300
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def _short(text: str) -> str:
    return text if len(text) <= SHOW_MAX else text[: SHOW_MAX - 1] + "…"


def _show(value: object, agencies: Mapping[str, str] | None = None) -> str:
    """A stored value in plain words: nested objects (ratings, summaries, factor lists) as
    ``key: value`` pairs rather than Python syntax; codes by their labels and agencies by
    name (web.plain); long text shortened."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, dict):
        parts = [
            f"{str(k).replace('_', ' ')}: {_show(v, agencies)}"
            for k, v in value.items()
            if v not in ("", None) and not _provenance(str(k), v)
        ]
        return _short("; ".join(parts)) or "(none)"
    if isinstance(value, list):
        shown = [
            plain.label(str(v.get("id") or v.get("text")), agencies)
            if isinstance(v, dict) and (v.get("id") or v.get("text"))
            else _show(v, agencies)
            for v in value
        ]
        counted = Counter(shown)  # the same warning acknowledged on twelve actions: once
        return (
            _short(", ".join(f"{s} ({counted[s]})" if counted[s] > 1 else s for s in counted))
            or "(none)"
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return dates.long_date(value)
    if isinstance(value, str) and ISO_MOMENT.fullmatch(value):
        return long_datetime(value)
    if isinstance(value, str):
        return _short(plain.label(value, agencies))
    return _short(str(value))


# Which rules produced a record (versions of rules and policies) is provenance, and a row's
# database id an internal reference: both kept in the audit row (the audit trail's export,
# the API), not shown among what a person changed.
PROVENANCE = re.compile(r"(^|_)(version|policy)$")
INTERNAL_ID = re.compile(r"_id$")


def _provenance(key: str, value: object) -> bool:
    return (isinstance(value, str) and bool(PROVENANCE.search(key))) or bool(
        INTERNAL_ID.search(key)
    )


@register.filter
def changes(event: Any, names: Any = None) -> list[dict[str, str]]:
    """Before and after of an audit row, field by field (the version counter and the rule
    versions left out); a value the row names on both sides unchanged (which agency, which
    address) is shown once. ``names`` (services.accounts.Names) gives agencies by name."""
    agencies = getattr(names, "agencies", None)
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = [
        k
        for k in [*before, *[k for k in after if k not in before]]
        if k != "version" and not _provenance(str(k), after.get(k, before.get(k)))
    ]
    return [
        {
            "field": str(k).replace("_", " "),
            "before": (
                _show(before.get(k), agencies)
                if k in before and not _same(k, before, after)
                else ""
            ),
            "after": _show(after.get(k), agencies) if k in after else "",
        }
        for k in keys
    ]


def _same(key: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    return key in after and before[key] == after[key]


@register.filter
def agency_name(names: Any, code: object) -> str:
    """An agency by name from the names a page read once (services.accounts.Names); another
    recipient (the victim liaison officer) or identifier by its label (web.plain)."""
    agencies = getattr(names, "agencies", None)
    return plain.label(str(code or ""), agencies)


@register.filter
def person_named(names: Any, username: object) -> str:
    """A person by full name from the names a page read once (services.accounts.Names)."""
    found = getattr(names, "person", None)
    return found(username) if callable(found) else str(username or "")


ABOUT = (
    '<details class="govuk-details fp-about" data-testid="about-figures">'
    '<summary class="govuk-details__summary">'
    '<span class="govuk-details__summary-text">About these figures</span></summary>'
    '<div class="govuk-details__text govuk-body-s">{}</div></details>'
)


class AboutNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        inner = self.nodelist.render(context)
        if not inner.strip():
            return SafeString("")
        return format_html(ABOUT, conditional_escape(inner))  # already escaped: kept


@register.tag("about")
def about(parser: template.base.Parser, token: template.base.Token) -> AboutNode:
    """``{% about %}...{% endabout %}``: provenance (rule versions, confidence tags, sources)
    out of the page body, in one GOV.UK details element "About these figures" per panel."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("use {% about %}...{% endabout %}")
    nodelist = parser.parse(("endabout",))
    parser.delete_first_token()
    return AboutNode(nodelist)


@register.filter(is_safe=True)
def back_navigation(content: object) -> str:
    """The page's back link (base.html's ``before_content`` block), when it has one, in a
    navigation landmark before <main>, where GOV.UK puts it: every part of a page belongs to
    a landmark, and "Skip to main content" still skips it."""
    text = str(content or "")
    if not text.strip():
        return SafeString("")
    return format_html(
        '<nav class="fp-back-link" aria-label="Back">{}</nav>', SafeString(text.strip())
    )


# Confidence tags in the domain's notes and warnings (docs/sources.md), said in words.
CONFIDENCE_WORDS = {
    "[C]": "",
    "[M]": "(not re-read in the source)",
    "[U]": "(unconfirmed)",
    "[M/U]": "(unconfirmed)",
}
CONFIDENCE_TAG = re.compile(r"\s*\[(?:C|M|U|M/U)\]")


VERSION_NOTE = re.compile(r"\s*\(version [^)\s]+\)")


@register.filter
def untagged(text: object) -> str:
    """A warning or explanation in words: confidence tags said in words ("cut-offs
    unconfirmed [M]" -> "cut-offs unconfirmed (not re-read in the source)"), a rule version in
    brackets left to the About details."""
    out = CONFIDENCE_TAG.sub(
        lambda m: (" " + CONFIDENCE_WORDS[m.group(0).strip()]).rstrip(), str(text or "")
    )
    return VERSION_NOTE.sub("", out)
