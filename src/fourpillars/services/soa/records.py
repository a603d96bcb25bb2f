"""Recording the notifications a registered person makes to the police ([SOA-2003] ss.83-86;
[SOA-2012-REGS] travel and weekly notification), and what is due when.

Each record is audited in its own transaction and refreshes the case's ``Registration``
(the next date due, a read model the caseload's "Notification missed" tag reads). A foreign
travel notification, or a planned move abroad, by a person with a High or Very High RoSH or
a category 1 registration proposes a risk notification to each destination in the same
transaction (``proposals.propose_for_travel``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation
from fourpillars.domain.errors import Collector
from fourpillars.domain.persons import clean_nationalities, parse_date
from fourpillars.domain.soa import requirements as rules
from fourpillars.domain.text import LONG_TEXT_MAX, clean_text
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import manageable_case
from fourpillars.services.cases.reads import consult_case_records
from fourpillars.services.exchange import node
from fourpillars.soa.models import Notification, Registration, RiskNotification

from . import proposals

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def soa_missed(today: dt.date) -> Exists:
    """The caseload's "Notification missed" condition: the case's next date due has passed
    (one indexed lookup of the case's ``Registration``, kept by ``refresh``)."""
    return Exists(Registration.objects.filter(case=OuterRef("pk"), next_due__lt=today))


def requirement_of(case: Case, reg: Registration | None) -> rules.Requirement | None:
    """The case's requirement as the rules see it; None unless the case is category 1 with
    its conviction (disposal) date recorded."""
    if case.category != 1 or case.disposal_date is None:
        return None
    return rules.Requirement(
        conviction=case.disposal_date,
        release=reg.release_date if reg else None,
        ends=case.notification_end,
        indefinite=case.notification_indefinite,
        no_fixed_abode=reg.no_fixed_abode if reg else False,
    )


def notified(rows: Sequence[Notification]) -> list[rules.Notified]:
    return [
        rules.Notified(rules.Kind(n.kind), n.notified_on, n.changed_on, n.departs) for n in rows
    ]


def schedule_of(
    case: Case, reg: Registration | None, rows: Sequence[Notification], today: dt.date
) -> rules.Schedule | None:
    req = requirement_of(case, reg)
    return None if req is None else rules.schedule(req, notified(rows), today)


def refresh(case: Case, *, changes: Sequence[str] = ()) -> Registration:
    """Recompute the case's next date due (inside the change's transaction). A change of
    address notified sets whether the person has no fixed abode (weekly notification)."""
    reg, _ = Registration.objects.get_or_create(case=case)
    if rules.Change.NO_FIXED_ABODE.value in changes:
        reg.no_fixed_abode = True
    elif rules.Change.HOME_ADDRESS.value in changes:
        reg.no_fixed_abode = False
    rows = list(Notification.objects.filter(case=case))
    found = schedule_of(case, reg, rows, timezone.localdate())
    reg.next_due = found.next_due if found else None
    reg.rules_version = found.version if found else ""
    reg.updated_at = timezone.now()
    reg.save()
    return reg


@dataclass(frozen=True)
class CaseNotifications:
    """What the case's Notifications section shows."""

    case: Case
    registration: Registration | None
    rows: list[Notification]
    schedule: rules.Schedule | None
    proposals: list[RiskNotification]


def load_part(case: Case) -> CaseNotifications:
    """What the Notifications part shows, for a case already consulted (``page``)."""
    rows = list(Notification.objects.filter(case=case).select_related("recorded_by"))
    reg = Registration.objects.filter(case=case).first()
    proposals = list(
        RiskNotification.objects.filter(case=case).select_related("created_by", "decided_by")
    )
    return CaseNotifications(
        case, reg, rows, schedule_of(case, reg, rows, timezone.localdate()), proposals
    )


def case_notifications(
    *, actor: User, case_id: object, justification: Justification | None
) -> CaseNotifications:
    """The case's notification records, schedule and risk notifications: a consultation of the
    case (its purpose asked outside the lead agency), audited."""
    case, rows = consult_case_records(
        actor=actor,
        case_id=case_id,
        justification=justification,
        action="view_soa_notifications",
        load=lambda c: Notification.objects.filter(case=c).select_related("recorded_by"),
    )
    reg = Registration.objects.filter(case=case).first()
    proposals = list(
        RiskNotification.objects.filter(case=case).select_related(
            "created_by", "decided_by", "message", "withdrawn_by", "withdrawal_message"
        )
    )
    return CaseNotifications(
        case, reg, rows, schedule_of(case, reg, rows, timezone.localdate()), proposals
    )


def _clean(data: Mapping[str, object], today: dt.date, own: str) -> dict[str, object]:
    """A notification's fields, checked by kind; every problem named by field."""
    errors = Collector()
    kind_raw = str(data.get("kind") or "")
    if kind_raw not in rules.Kind.labels():
        errors.add("kind", "choose what kind of notification was made")
        errors.raise_if_any()
    kind = rules.Kind(kind_raw)
    on = parse_date(data.get("notified_on"), "notified_on", errors, required=True)
    if on is not None and on > today:
        errors.add("notified_on", "must be today or in the past")
    out: dict[str, object] = {
        "kind": kind.value,
        "notified_on": on,
        "place": clean_text(data.get("place"), "place", errors, max_length=200),
        "details": clean_text(
            data.get("details"), "details", errors, max_length=LONG_TEXT_MAX, multiline=True
        ),
    }
    if kind is rules.Kind.CHANGE:
        changed = parse_date(data.get("changed_on"), "changed_on", errors, required=True)
        if changed is not None and on is not None and changed > on:
            errors.add("changed_on", "must be on or before the day it was notified")
        raw = data.get("changes") or []
        items = (
            [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
        )
        changes = [str(c) for c in items if str(c)]
        if not changes or any(c not in rules.Change.labels() for c in changes):
            errors.add("changes", "choose what changed")
        out |= {"changed_on": changed, "changes": changes}
    if kind is rules.Kind.TRAVEL:
        out |= _clean_travel(data, on, own, errors)
    errors.raise_if_any()
    return out


def _clean_travel(
    data: Mapping[str, object], on: dt.date | None, own: str, errors: Collector
) -> dict[str, object]:
    """[SOA-2012-REGS]: departure and return, destinations, addresses abroad, how."""
    departs = parse_date(data.get("departs"), "departs", errors, required=True)
    move = str(data.get("move_abroad") or "").lower() in ("1", "true", "yes", "on")
    returns = parse_date(data.get("returns"), "returns", errors, required=not move)
    if departs and returns and returns < departs:
        errors.add("returns", "must be on or after the day of departure")
    probe = Collector()
    destinations = clean_nationalities(data.get("destinations"), probe)
    if probe.errors or not destinations:
        errors.add("destinations", "give each destination as a two-letter country code")
    elif own in destinations:
        errors.add("destinations", "a destination abroad, not this country")
    means = str(data.get("travel_means") or "")
    if means not in rules.Travel.labels():
        errors.add("travel_means", "choose how the person travels")
    addresses = clean_text(
        data.get("addresses_abroad"),
        "addresses_abroad",
        errors,
        required=True,
        max_length=LONG_TEXT_MAX,
        multiline=True,
    )
    return {
        "departs": departs,
        "returns": returns,
        "destinations": destinations,
        "travel_means": means,
        "addresses_abroad": addresses,
        "move_abroad": move,
    }


def _jsonable(fields: Mapping[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def record_notification(
    *, actor: User, case_id: object, data: Mapping[str, object]
) -> Notification:
    """Record one notification the person made; audited; the next date due refreshed; travel
    by a person it concerns proposes a risk notification to each destination."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.RECORD_NOTIFICATION)
        fields = _clean(data, timezone.localdate(), node.identity().country)
        row = Notification.objects.create(case=case, recorded_by=actor, **fields)
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="record_soa_notification",
            target=audit.Target("soa_notification", str(row.pk), case.pk, case.person_id),
            after=_jsonable(fields),
        )
        if row.kind == rules.Kind.TRAVEL.value:
            proposals.propose_for_travel(actor=actor, case=case, notification=row)
        refresh(case, changes=list(row.changes))
        return row


def set_circumstances(
    *, actor: User, case_id: object, release_date: object, no_fixed_abode: object
) -> Registration:
    """The release date (the initial notification runs from it) and whether the person has no
    fixed abode (weekly notification); audited as an alteration."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.RECORD_NOTIFICATION)
        errors = Collector()
        release = parse_date(release_date, "release_date", errors)
        errors.raise_if_any()
        nfa = str(no_fixed_abode or "").lower() in ("1", "true", "yes", "on")
        reg, _ = Registration.objects.get_or_create(case=case)
        before = {
            "release_date": reg.release_date.isoformat() if reg.release_date else None,
            "no_fixed_abode": reg.no_fixed_abode,
        }
        reg.release_date, reg.no_fixed_abode = release, nfa
        reg.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="set_soa_circumstances",
            target=audit.case_target(case),
            before=before,
            after={"release_date": release.isoformat() if release else None, "no_fixed_abode": nfa},
        )
        return refresh(case)
