"""SOA 2003 notifications, risk notifications abroad and supervision transfers on the case
(decision 0022).

"Notifications" is a part of the case page: what is due and when (missed ones flagged), the
notifications recorded, and the risk notifications and supervision transfers of the case.
Recording a notification is a form with GOV.UK date inputs; a travel notification by a person
it concerns proposes a risk notification, which the officer reviews and submits and a manager
other than its author approves (recording the decision) or declines; once approved, the same
people may withdraw it with a reason (the page then shows who, when, why and whether the
withdrawal message was delivered). Every page reads through ``services.soa``: 404 for a hidden
case, the purpose asked first outside the lead agency.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.domain.access import Permission
from fourpillars.domain.dates import long_date
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.exchange import channels, codes
from fourpillars.domain.rosh import RATING_LABELS, RISK_GROUPS, SETTING_LABELS
from fourpillars.domain.soa import proposals as rules
from fourpillars.domain.soa import transfers as transfer_rules
from fourpillars.domain.soa.requirements import DEFAULT_RULES, Change, Kind, Standing
from fourpillars.register.models import Case
from fourpillars.services.errors import JustificationRequired
from fourpillars.services.exchange import node
from fourpillars.services.soa import proposals, records, transfers
from fourpillars.services.soa.proposals import peer_countries
from fourpillars.soa.models import Registration, RiskNotification, SupervisionTransfer
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.soa import (
    CircumstancesForm,
    DecisionForm,
    DeclineForm,
    NotificationForm,
    SupervisionTransferForm,
    WithdrawForm,
)

from .case_parts import show_part
from .cases import justify_url
from .common import actor, may, render, require, session_justification
from .editing import form_page, load_for_edit, simple_edit


def _part(case: Case, *_: object) -> dict[str, Any]:
    found = records.load_part(case)
    return {
        "registration": found.registration,
        "rows": found.rows,
        "schedule": found.schedule,
        "proposals": found.proposals,
        "transfers": transfers.case_transfers(case),
    }


@login_required
@require_GET
@service_errors
def notifications(request: HttpRequest, case_id: int) -> HttpResponse:
    """The Notifications part of the case page."""
    return show_part(
        request,
        case_id,
        part="notifications",
        action="view_soa_notifications",
        load=_part,
        template="web/soa/part_notifications.html",
        extra=lambda shown: {
            **shown.shown,
            "can_record": may(request, Permission.RECORD_NOTIFICATION, shown.case),
            "can_propose": may(request, Permission.PROPOSE_ABROAD, shown.case),
            "transferable": bool(transfer_rules.measure_of(shown.case.disposal)),
            "kinds": Kind.labels(),
            "changes": Change.labels(),
            "standings": Standing.labels(),
            "missed": Standing.MISSED.value,
            "rules": DEFAULT_RULES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def record(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a notification the person made."""
    loaded = load_for_edit(request, case_id, Permission.RECORD_NOTIFICATION)
    if isinstance(loaded, HttpResponse):
        return loaded
    form = NotificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["destinations"] = [
            c.strip() for c in str(data.get("destinations") or "").split(",") if c.strip()
        ]
        try:
            made = records.record_notification(actor=actor(request), case_id=loaded.pk, data=data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            proposed = list(made.proposals.all())
            words = f"{made.kind_label} recorded."
            if proposed:
                words += " A risk notification was proposed: review it below."
            messages.success(request, words)
            return redirect("case-notifications", case_id=loaded.pk)
    return form_page(
        request,
        loaded,
        form,
        title="Record a notification",
        button="Record the notification",
        extra={"back": "case-notifications"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def circumstances(request: HttpRequest, case_id: int) -> HttpResponse:
    """The release date and no fixed abode (weekly notification)."""

    def make(data: Any, case: Case) -> CircumstancesForm:
        reg = Registration.objects.filter(case=case).first()
        initial = {
            "release_date": reg.release_date if reg else None,
            "no_fixed_abode": "yes" if reg and reg.no_fixed_abode else "",
        }
        return CircumstancesForm(data, initial=initial)

    return simple_edit(
        request,
        case_id,
        make_form=make,
        save=lambda case, d: records.set_circumstances(actor=actor(request), case_id=case.pk, **d),
        title="Release and residence",
        button="Save",
        done="Saved: what is due was worked out again.",
        back="case-notifications",
    )


def _consult_proposal(request: HttpRequest, proposal_id: int) -> RiskNotification | HttpResponse:
    user = actor(request)
    case_id = proposals.find(user, proposal_id).case_id
    try:
        return proposals.consult(
            actor=user,
            proposal_id=proposal_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


def _country(code: object) -> str:
    return codes.country_name(str(code)) or str(code)


def _lines(section: rules.Section, content: Any) -> list[str]:
    """A section's content in plain words, a line each (labels, never stored values)."""
    if not content:
        return []
    S = rules.Section
    if section is S.CATEGORY_LEVEL:
        return [f"MAPPA category {content['category']}, level {content['level']}"]
    if section is S.ROSH:
        out = [f"Overall in the community: {RATING_LABELS.get(content.get('overall'), 'none')}"]
        groups = {setting: dict(g) for setting, g in RISK_GROUPS.items()}
        for setting, ratings in sorted((content.get("ratings") or {}).items()):
            for group, rating in (ratings or {}).items():
                if rating:
                    out.append(
                        f"{SETTING_LABELS.get(setting, setting)}, "
                        f"{groups.get(setting, {}).get(group, group).lower()}: "
                        f"{RATING_LABELS.get(rating, rating)}"
                    )
        return out
    if section is S.MONITORING:
        return [
            f"{m['text']} ({m['frequency']})" if m.get("frequency") else m["text"] for m in content
        ]
    if section is S.TRAVEL:
        until = long_date(content.get("returns")) or "not returning (a move abroad)"
        return [
            f"To {_country(content['destination'])}, leaving {long_date(content['departs'])}, "
            f"returning {until}",
            f"Address abroad: {content.get('addresses_abroad', '')}",
            f"Travelling: {content.get('means', '')}",
        ]
    if section is S.CONTINGENCY:
        return [
            f"{content['name']}, {content['organisation']}",
            f"Telephone {content['telephone']}; email {content.get('email', '')}",
            "Available 24 hours a day" if content.get("available_24_7") else "",
        ]
    return [str(v) for v in content]


def _sections(p: RiskNotification) -> list[dict[str, Any]]:
    return [
        {
            "value": s.value,
            "label": s.label,
            "content": [line for line in _lines(s, p.payload.get(s.value)) if line],
            "included": s.value in p.included,
            "required": s in rules.REQUIRED_SECTIONS,
            "why": p.left_out.get(s.value, ""),
        }
        for s in rules.Section
    ]


def _proposal_page(
    request: HttpRequest,
    p: RiskNotification,
    *,
    decision: DecisionForm | None = None,
    decline: DeclineForm | None = None,
    withdraw: WithdrawForm | None = None,
    review_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = p.status == rules.Status.PROPOSED and may(request, Permission.PROPOSE_ABROAD, p)
    deciding = p.status == rules.Status.SUBMITTED and may(request, Permission.APPROVE_ABROAD, p)
    withdrawing = p.status in rules.APPROVED_STATUSES and may(request, Permission.APPROVE_ABROAD, p)
    context = {
        "proposal": p,
        "case": p.case,
        "person": p.case.person,
        "sections": _sections(p),
        "editable": editable,
        "deciding": deciding,
        "withdrawing": withdrawing,
        "why_not": "" if deciding or withdrawing else _why_not(request, p),
        "decision": decision or DecisionForm(),
        "decline": decline or DeclineForm(),
        "withdraw": withdraw or WithdrawForm(),
        # Whether withdrawing would send a message (one was sent, its node still active).
        "by_message": withdrawing
        and p.message is not None
        and proposals.connected(p.message.receiver),
        "sees_messages": may(request, Permission.OPERATE_EXCHANGE),
        "review_errors": review_errors or [],
        "guide": channel_guide("person_travelling", p.destination),
        "basis_labels": rules.LawfulBasis.labels(),
        "destination": _country(p.destination),
    }
    forms = tuple(f for f in (decision, decline, withdraw) if f is not None)
    return render(
        request, "web/soa/risk_notification.html", context, forms_with_errors=forms, status=status
    )


def _why_not(request: HttpRequest, p: RiskNotification) -> str:
    from fourpillars.services.access import decide

    if p.status != rules.Status.SUBMITTED and p.status not in rules.APPROVED_STATUSES:
        return ""
    return decide(actor(request), Permission.APPROVE_ABROAD, p).reason


def channel_guide(situation: str, destination: str) -> list[channels.ChannelAdvice]:
    """The channel guide's advice for ``situation`` towards ``destination``, from this node,
    with the peers it is connected to (``domain.exchange.channels``)."""
    try:
        return channels.guide(
            situation,
            destination,
            origin_country=node.identity().country,
            peers=peer_countries(),
        )
    except DomainValidationError:  # a destination the guide's table does not know
        return []


@login_required
@require_GET
@service_errors
def risk_notification(request: HttpRequest, proposal_id: int) -> HttpResponse:
    loaded = _consult_proposal(request, proposal_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    return _proposal_page(request, loaded)


@login_required
@require_POST
@service_errors
def review(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The officer's choice of sections (each left out with a reason)."""
    reasons = {s.value: request.POST.get(f"left_out-{s.value}", "") for s in rules.Section}
    try:
        proposals.review(
            actor=actor(request),
            proposal_id=proposal_id,
            included=request.POST.getlist("included"),
            left_out=reasons,
        )
    except DomainValidationError as exc:
        p = proposals.find(actor(request), proposal_id)
        problems = [e.message for e in exc.errors]
        return _proposal_page(request, p, review_errors=problems)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Saved what is included and what is left out.")
    return redirect("risk-notification", proposal_id=proposal_id)


@login_required
@require_POST
@service_errors
def submit(request: HttpRequest, proposal_id: int) -> HttpResponse:
    try:
        proposals.submit(actor=actor(request), proposal_id=proposal_id)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Submitted: a manager decides whether it is sent.")
    return redirect("risk-notification", proposal_id=proposal_id)


def _decide(
    request: HttpRequest,
    proposal_id: int,
    form: forms.Form,
    slot: str,
    act: Callable[..., RiskNotification],
    said: Callable[[RiskNotification], str],
) -> HttpResponse:
    """One decision posted on a risk notification (approve, decline, withdraw): the service
    ``act`` with the form's fields; its refusal shown on the field or as a message; on success
    ``said(done)`` and back to the notification's page."""
    p = proposals.find(actor(request), proposal_id)
    if form.is_valid():
        try:
            done = act(actor=actor(request), proposal_id=proposal_id, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("risk-notification", proposal_id=proposal_id)
        else:
            messages.success(request, said(done))
            return redirect("risk-notification", proposal_id=proposal_id)
    shown: dict[str, Any] = {slot: form}  # the form back in its place, with its errors
    return _proposal_page(request, p, **shown)


@login_required
@require_POST
@service_errors
def approve(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """A manager other than its author approves with the recorded decision."""
    require(request, Permission.APPROVE_ABROAD, proposals.find(actor(request), proposal_id))
    return _decide(
        request,
        proposal_id,
        DecisionForm(request.POST),
        "decision",
        proposals.approve,
        lambda done: f"Decision recorded: {done.status_label.lower()}.",
    )


@login_required
@require_POST
@service_errors
def decline(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _decide(
        request,
        proposal_id,
        DeclineForm(request.POST),
        "decline",
        proposals.decline,
        lambda done: "Declined: the reason is recorded and nothing is sent.",
    )


def _withdrawn_words(done: RiskNotification) -> str:
    state = _country(done.destination)
    if done.withdrawal_message_id is not None:
        return f"Withdrawn: a message tells {state} to stop using it."
    return (
        f"Withdrawn and recorded. No message was sent: tell {state} by the "
        "channel the risk notification went by."
    )


@login_required
@require_POST
@service_errors
def withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Those who may decide withdraw an approved risk notification, with the reason."""
    require(request, Permission.APPROVE_ABROAD, proposals.find(actor(request), proposal_id))
    return _decide(
        request,
        proposal_id,
        WithdrawForm(request.POST),
        "withdraw",
        proposals.withdraw,
        _withdrawn_words,
    )


# --- supervision transfer (FD 2008/947) ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def new_transfer(request: HttpRequest, case_id: int) -> HttpResponse:
    loaded = load_for_edit(request, case_id, Permission.PROPOSE_ABROAD)
    if isinstance(loaded, HttpResponse):
        return loaded
    if not transfer_rules.measure_of(loaded.disposal):
        messages.error(request, f"{transfer_rules.NO_MEASURE}.")
        return redirect("case-notifications", case_id=loaded.pk)
    form = SupervisionTransferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = transfers.request(actor=actor(request), case_id=loaded.pk, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            messages.success(request, "Request composed: another person approves it.")
            return redirect("supervision-transfer", transfer_id=made.pk)
    return form_page(
        request,
        loaded,
        form,
        title="Ask another state to supervise the probation measure",
        button="Compose the request",
        extra={"back": "case-notifications"},
    )


def _transfer_page(
    request: HttpRequest, t: SupervisionTransfer, decline: DeclineForm | None = None
) -> HttpResponse:
    context = {
        "transfer": t,
        "case": t.case,
        "person": t.case.person,
        "deciding": t.status == "submitted" and may(request, Permission.APPROVE_ABROAD, t),
        "decline": decline or DeclineForm(),
        "receiver": _country(t.receiver),
        "guide": channel_guide("measure_to_transfer", t.receiver),
    }
    forms = (decline,) if decline is not None else ()
    return render(request, "web/soa/transfer.html", context, forms_with_errors=forms)


@login_required
@require_GET
@service_errors
def transfer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    user = actor(request)
    case_id = transfers.find(user, transfer_id).case_id
    try:
        t = transfers.consult(
            actor=user,
            transfer_id=transfer_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    return _transfer_page(request, t)


@login_required
@require_POST
@service_errors
def approve_transfer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    try:
        done = transfers.approve(actor=actor(request), transfer_id=transfer_id)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    except DomainValidationError as exc:  # e.g. the case's disposal carries no measure now
        messages.error(
            request, " ".join(f"{e.message[:1].upper()}{e.message[1:]}." for e in exc.errors)
        )
    else:
        messages.success(request, f"Approved: {done.status_label.lower()}.")
    return redirect("supervision-transfer", transfer_id=transfer_id)


@login_required
@require_POST
@service_errors
def decline_transfer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    t = transfers.find(actor(request), transfer_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            transfers.decline(actor=actor(request), transfer_id=transfer_id, **form.cleaned_data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("supervision-transfer", transfer_id=transfer_id)
        else:
            messages.success(request, "Not approved: the reason is recorded.")
            return redirect("supervision-transfer", transfer_id=transfer_id)
    return _transfer_page(request, t, decline=form)
