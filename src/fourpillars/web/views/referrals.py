"""Referral for level 2 or 3 (MAPPA A) and its screening ([MAPPA-G-2012]; decision 0018).

"Refer for Level 2 or 3" is a task on the case page: the form, then check your answers, then
the referral is made. The co-ordinator's queue lists the area's referrals with their age
against the target; the screening page accepts (a recorded level decision) or declines (the
reason goes back to the referrer). Every page reads through ``services.referrals.screening``:
404 for a hidden case, the purpose asked first outside the lead agency, audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fourpillars.domain import referrals as rules
from fourpillars.domain.access import Permission
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.referrals.models import Referral
from fourpillars.register.models import Case
from fourpillars.reports.downloads import download
from fourpillars.reports.referral import referral_pdf
from fourpillars.services.errors import JustificationRequired
from fourpillars.services.referrals import ages, screening
from fourpillars.web.errors import Route, apply_domain_errors, service_errors
from fourpillars.web.forms.referrals import REFERRAL_LEVELS, ReferralForm, ScreeningForm

from .cases import justify_url
from .common import actor, may, render, require, session_justification
from .editing import load_for_edit

DRAFTS = "fp_referral_drafts"
FIELDS = ("reason", "current_risk", "cannot_manage", "proposed_level")


def _draft(request: HttpRequest, case_id: int) -> dict[str, str] | None:
    found = request.session.get(DRAFTS, {}).get(str(case_id))
    return {k: str(found.get(k, "")) for k in FIELDS} if isinstance(found, dict) else None


def _keep_draft(request: HttpRequest, case_id: int, data: dict[str, str] | None) -> None:
    drafts = dict(request.session.get(DRAFTS, {}))
    if data is None:
        drafts.pop(str(case_id), None)
    else:
        drafts[str(case_id)] = data
    request.session[DRAFTS] = drafts


def _open_referral(case: Case) -> Referral | None:
    return next(
        (r for r in screening.case_referrals(case) if r.status == rules.ReferralStatus.OPEN),
        None,
    )


def _form_page(request: HttpRequest, case: Case, form: ReferralForm) -> HttpResponse:
    context = {
        "case": case,
        "person": case.person,
        "form": form,
        "open_referral": _open_referral(case),
        "target": ages.screening_target(),
    }
    return render(request, "web/referrals/refer.html", context, forms_with_errors=(form,))


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def refer(request: HttpRequest, case_id: int) -> HttpResponse:
    """The MAPPA A questions; answers are checked, kept for the check page, then confirmed."""
    loaded = load_for_edit(request, case_id, Permission.REFER_CASE)
    if isinstance(loaded, HttpResponse):
        return loaded
    if request.method == "GET":
        return _form_page(request, loaded, ReferralForm(initial=_draft(request, loaded.pk)))
    form = ReferralForm(request.POST)
    if form.is_valid():
        data = {k: str(form.cleaned_data.get(k) or "") for k in FIELDS}
        try:
            screening.check_referral(actor=actor(request), case_id=loaded.pk, data=data)
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        else:
            _keep_draft(request, loaded.pk, data)
            return redirect("case-refer-check", case_id=loaded.pk)
    return _form_page(request, loaded, form)


def _answers(case: Case, draft: dict[str, str]) -> list[dict[str, str]]:
    labels = dict(rules.SECTIONS)
    levels = dict(REFERRAL_LEVELS)
    change = reverse("case-refer", args=[case.pk])
    return [
        {
            "key": labels[name],
            "value": levels.get(draft[name], draft[name])
            if name == "proposed_level"
            else draft[name],
            "href": f"{change}#id_{name}",
        }
        for name in FIELDS
    ]


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def check(request: HttpRequest, case_id: int) -> HttpResponse:
    """Check your answers, then make the referral (the area's co-ordinators are told)."""
    loaded = load_for_edit(request, case_id, Permission.REFER_CASE)
    if isinstance(loaded, HttpResponse):
        return loaded
    draft = _draft(request, loaded.pk)
    if draft is None:
        return redirect("case-refer", case_id=loaded.pk)
    if request.method == "POST":
        try:
            made = screening.refer_case(actor=actor(request), case_id=loaded.pk, data=draft)
        except DomainValidationError as exc:
            form = ReferralForm(draft)
            form.is_valid()
            apply_domain_errors(exc, [Route("", form)])
            return _form_page(request, loaded, form)
        _keep_draft(request, loaded.pk, None)
        messages.success(request, "Referral made: the area's MAPPA co-ordinator will screen it.")
        return redirect("referral", referral_id=made.pk)
    context = {"case": loaded, "person": loaded.person, "answers": _answers(loaded, draft)}
    return render(request, "web/referrals/check.html", context)


def _consult(
    request: HttpRequest, referral_id: int, permission: Permission | None = None
) -> Referral | HttpResponse:
    """The referral as an audited consultation of its case, or the purpose asked first."""
    user = actor(request)
    case_id = screening.find_referral(user, referral_id).case_id
    try:
        return screening.consult_referral(
            actor=user,
            referral_id=referral_id,
            justification=session_justification(request, case_id),
            permission=permission,
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))


@login_required
@require_GET
@service_errors
def show(request: HttpRequest, referral_id: int) -> HttpResponse:
    loaded = _consult(request, referral_id)
    if isinstance(loaded, HttpResponse):
        return loaded
    user = actor(request)
    context: dict[str, Any] = {
        "referral": loaded,
        "case": loaded.case,
        "person": loaded.case.person,
        "age": ages.age_of(loaded),
        "can_screen": loaded.status == rules.ReferralStatus.OPEN
        and may(request, Permission.SCREEN_REFERRAL, loaded),
        "mark_read": loaded.referred_by_id == user.pk
        and loaded.status != rules.ReferralStatus.OPEN
        and loaded.outcome_seen_at is None,
    }
    return render(request, "web/referrals/show.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors
def screen(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Accept at level 2 or 3, or decline with the reason (co-ordinators of the area)."""
    if request.method == "GET":
        loaded = _consult(request, referral_id, Permission.SCREEN_REFERRAL)
        if isinstance(loaded, HttpResponse):
            return loaded
        return _screen_page(request, loaded, ScreeningForm())
    referral = screening.find_referral(actor(request), referral_id)
    require(request, Permission.SCREEN_REFERRAL, referral)  # 403 before the answers
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            done = screening.screen(
                actor=actor(request), referral_id=referral_id, **form.cleaned_data
            )
        except DomainValidationError as exc:
            apply_domain_errors(exc, [Route("", form)])
        except IllegalTransition as exc:
            messages.error(request, str(exc))
            return redirect("referral", referral_id=referral_id)
        else:
            words = (
                f"accepted: the case is managed at level {done.decided_level}"
                if done.status == rules.ReferralStatus.ACCEPTED
                else "declined: the reason was sent to the referrer"
            )
            messages.success(request, f"Referral {words}.")
            return redirect("referral", referral_id=done.pk)
    return _screen_page(request, referral, form)


def _screen_page(request: HttpRequest, referral: Referral, form: ScreeningForm) -> HttpResponse:
    context = {
        "referral": referral,
        "case": referral.case,
        "person": referral.case.person,
        "form": form,
        "age": ages.age_of(referral),
    }
    return render(request, "web/referrals/screen.html", context, forms_with_errors=(form,))


@login_required
@require_POST
@service_errors
def mark_read(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The referrer has read the outcome (it leaves their "Waiting for me")."""
    try:
        screening.mark_read(actor=actor(request), referral_id=referral_id)
    except DomainValidationError as exc:
        messages.error(request, exc.errors[0].message.capitalize())
    return redirect("referral", referral_id=referral_id)


@login_required
@require_GET
@service_errors
def pdf(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The referral as a MAPPA A PDF: a download, audited as its own disclosure to the
    reader."""
    user = actor(request)
    case_id = screening.find_referral(user, referral_id).case_id
    try:
        loaded, export = screening.export_referral(
            actor=user,
            referral_id=referral_id,
            justification=session_justification(request, case_id),
        )
    except JustificationRequired:
        return redirect(justify_url(case_id, request.get_full_path()))
    return download(referral_pdf(loaded), export)


@login_required
@require_GET
@service_errors
def queue(request: HttpRequest) -> HttpResponse:
    """The co-ordinator's screening queue (403 for anyone else)."""
    found = screening.queue(actor=actor(request))
    return render(request, "web/referrals/queue.html", {"queue": found})


@login_required
@require_GET
@service_errors
def mine(request: HttpRequest) -> HttpResponse:
    """The referrals the user made, with their outcome."""
    if not may(request, Permission.WORK_CASES):
        return render(request, "web/no_case_access.html")
    rows = screening.made_by(actor=actor(request))
    return render(request, "web/referrals/mine.html", {"rows": rows})
