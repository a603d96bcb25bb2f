"""Emergency (break-glass) access to a case outside need to know (decision 0030).

A user the policy allows (``domain.access.BreakGlassPolicy``: Responsible Authority case
managers by default) types a case's reference and says why. If a case with that reference
exists and they cannot see it, they may read it for a few hours (``EmergencyAccess``, read by
``Case.objects.visible_to``): the grant is audited as a disclosure to them, every read under
it records its reason with the purpose "break-glass", and the case's lead agency (its line
managers, else everyone in it) and the area's co-ordinators are told at once, in the app and
by e-mail.

The answer is the same whether the reference names a hidden case, a case they can see already
or nothing at all ("if such a case exists ..."): the request itself reveals nothing. Opening it
then goes through the access-scoped query like any read. Every request is audited, one that
matched nothing as well, so fishing for references shows in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation, Purpose
from fourpillars.domain.dates import long_datetime
from fourpillars.domain.errors import Collector
from fourpillars.domain.reminders import NotificationKind
from fourpillars.domain.text import clean_text
from fourpillars.register.models import Case, EmergencyAccess, break_glass_policy
from fourpillars.services import audit
from fourpillars.services.access import refused, require, visible_case
from fourpillars.services.cases.reads import record_search
from fourpillars.services.errors import NotFound
from fourpillars.services.notifications.events import agency_members, area_coordinators, notify

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

REFERENCE_MAX = 30
REASON_MAX = 1000


@dataclass(frozen=True)
class EmergencyAnswer:
    """What the user is told: the reference they typed and until when access would last;
    nothing that depends on whether a case was found."""

    reference: str
    until: dt.datetime
    hours: int


def normal_reference(value: object) -> str:
    """A typed case reference as stored (``FP-A-000012``): trimmed, upper case."""
    return str(value or "").strip().upper()


def request_access(*, actor: User, reference: object, reason: object) -> EmergencyAnswer:
    """Grant ``actor`` emergency access to the case ``reference`` names, when it exists and
    they cannot see it already; audit the request either way; tell the case's lead agency
    and area co-ordinators. Forbidden for roles the policy leaves out; 422 for a missing
    reference or a reason shorter than the policy's minimum."""
    require(actor, Permission.BREAK_GLASS)
    policy = break_glass_policy()
    errors = Collector()
    ref = normal_reference(
        clean_text(reference, "reference", errors, required=True, max_length=REFERENCE_MAX)
    )
    why = clean_text(reason, "reason", errors, required=True, max_length=REASON_MAX, multiline=True)
    if why and len(why) < policy.reason_min:
        errors.add(
            "reason",
            f"must be at least {policy.reason_min} characters: say what the emergency is",
        )
    errors.raise_if_any()
    now = timezone.now()
    until = now + dt.timedelta(hours=policy.hours)
    justification = Justification(Purpose.BREAK_GLASS, why[:500])
    with transaction.atomic():
        case = Case.objects.select_related("area", "lead_agency").filter(reference=ref).first()
        if case is not None and not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
            _grant(actor, case, why, until, policy.version, justification)
        else:
            audit.record(
                actor=actor,
                operation=Operation.CONSULTATION,
                action="request_emergency_access",
                target=audit.Target("emergency_access_request"),
                justification=justification,
                query=ref,
                after={"granted": False},
            )
    return EmergencyAnswer(ref, until, policy.hours)


def _grant(
    actor: User,
    case: Case,
    why: str,
    until: dt.datetime,
    version: str,
    justification: Justification,
) -> None:
    grant = EmergencyAccess.objects.create(
        case=case, user=actor, reason=why, expires_at=until, policy_version=version
    )
    audit.record(
        actor=actor,
        operation=Operation.DISCLOSURE,
        action="grant_emergency_access",
        target=audit.case_target(case),
        justification=justification,
        recipients=[actor.get_username()],
        after={"grant": grant.pk, "until": until, "policy": version},
    )
    managers = [u for u in agency_members([case.lead_agency_id]) if u.is_manager]
    lead = managers or agency_members([case.lead_agency_id])
    who = actor.get_full_name() or actor.get_username()
    agency = f" ({actor.agency.name})" if actor.agency is not None else ""
    notify(
        recipients=[*lead, *area_coordinators(case.area_id)],
        kind=NotificationKind.EMERGENCY_ACCESS,
        subject=f"Emergency access to case {case.reference}",
        body=(
            f"{who}{agency} opened case {case.reference} in an emergency, outside need to "
            f"know, until {long_datetime(until)}. The reason they gave: {why}"
        ),
        link=reverse("case", args=[case.pk]),
        case=case,
        skip=actor,
    )


def open_by_reference(*, actor: User, reference: object) -> Case:
    """The case a reference names, through the access-scoped query: NotFound when missing or
    hidden (emergency access, once granted, makes it visible; a hidden one's refusal is
    audited). Audited as a search by the reference; opening the case is audited by its page."""
    ref = normal_reference(reference)[:REFERENCE_MAX]
    if not ref.isprintable():  # no reference holds a control character (PostgreSQL: no NUL)
        raise NotFound()
    found = Case.objects.visible_to(actor).filter(reference=ref)
    pk = found.values_list("pk", flat=True).first()
    case = visible_case(actor, pk) if pk is not None else None
    record_search(actor, ref, [case] if case is not None else [])
    if case is None:
        hidden = Case.objects.filter(reference=ref).values_list("pk", flat=True).first()
        raise refused(hidden)
    return case


def my_emergency_access(actor: User) -> list[EmergencyAccess]:
    """The actor's unexpired emergency access, soonest to end first, with each case (which
    they see through it). Forbidden for roles the policy leaves out, as asking is."""
    require(actor, Permission.BREAK_GLASS)
    now = timezone.now()
    rows = EmergencyAccess.objects.filter(user=actor, expires_at__gt=now).select_related("case")
    return list(rows.order_by("expires_at"))
