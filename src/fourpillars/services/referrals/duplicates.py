"""A person who appears in two areas at once ([MAPPA-G] ch.9; decision 0018).

``detect`` runs inside the person and case services' own transactions (registration; a name,
identifier or date of birth added or changed; a transfer accepted): it compares the person's
open cases with open cases in other areas (``domain.duplicates.match``) and flags each new
pair to both areas' co-ordinators; two people holding the same identifier are flagged within
one area too, as the other may be on a case hidden from whoever recorded it (decision 0030).
It answers nothing to the person whose change ran it, and its audit row (a combination,
[DPA-2018] s.62) names no case, so it appears on no timeline.

The co-ordinators see only identity (``consult``: names, date of birth, the other area and its
co-ordinators' contact), never the other case's content, and one of them resolves the flag
(``resolve``): the same person (the request to link or merge the records is recorded), or
different people (dismissed), each with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fourpillars.domain import duplicates as rules
from fourpillars.domain import names as name_rules
from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Justification, Operation, Purpose
from fourpillars.domain.mappa import CaseStatus
from fourpillars.domain.reminders import NotificationKind
from fourpillars.referrals.models import DuplicateFlag
from fourpillars.register.models import Case, Identifier, NameKey, Person, PersonName
from fourpillars.services import audit, referrals
from fourpillars.services.access import allowed, refused_among, require
from fourpillars.services.errors import NotFound, record_pk
from fourpillars.services.referrals.people import contact, coordinators

if TYPE_CHECKING:
    from fourpillars.accounts.models import Area, User

# What a co-ordinator's reading of a possible duplicate records as its purpose.
PURPOSE = Justification(Purpose.MAPPA_COORDINATION, "possible duplicate across areas")
CANDIDATES_MAX = 50
RELATED = ("case_a__area", "case_b__area", "case_a__person", "case_b__person")


def flag_target(flag: DuplicateFlag) -> audit.Target:
    """No case and no person: the flag must not show on either case's timeline."""
    return audit.Target("duplicate_flag", str(flag.pk))


def _open_cases(person_ids: Iterable[int]) -> dict[int, list[Case]]:
    found: dict[int, list[Case]] = defaultdict(list)
    rows = Case.objects.filter(person_id__in=list(person_ids)).exclude(
        status=CaseStatus.CLOSED.value
    )
    for case in rows.only("id", "person_id", "area_id", "reference"):
        found[case.person_id].append(case)
    return found


def _identities(person_ids: Iterable[int]) -> dict[int, rules.Identity]:
    ids = list(person_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for n in PersonName.objects.filter(person_id__in=ids).order_by("id"):
        names[n.person_id].append(n.full)
    idents: dict[int, set[rules.IdentifierKey]] = defaultdict(set)
    for i in Identifier.objects.filter(person_id__in=ids):
        idents[i.person_id].add((i.kind, i.value, i.country))
    births = dict(Person.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
    return {
        pk: rules.Identity(pk, births.get(pk), tuple(names[pk]), frozenset(idents[pk]))
        for pk in ids
    }


def _candidates(person: Person, identity: rules.Identity) -> set[int]:
    """People who might be ``person``: the same identifier, or the same date of birth and a
    name token in common (exact tokens from the search index)."""
    found: set[int] = set()
    if identity.identifiers:
        same = Q()
        for kind, value, _country in identity.identifiers:
            same |= Q(kind=kind, value=value)
        found |= set(
            Identifier.objects.filter(same)
            .exclude(person=person)
            .values_list("person_id", flat=True)[:CANDIDATES_MAX]
        )
    if person.date_of_birth is not None:
        keys = {f"t:{t}" for name in identity.names for t in name_rules.tokens(name)}
        named = NameKey.objects.filter(key__in=sorted(keys)).values("person_id")
        found |= set(
            Person.objects.filter(date_of_birth=person.date_of_birth, pk__in=named)
            .exclude(pk=person.pk)
            .values_list("pk", flat=True)[:CANDIDATES_MAX]
        )
    return found


def detect(*, actor: User | None, person: Person) -> list[DuplicateFlag]:
    """Flag each open case of ``person`` against each open case in another area that may be
    the same person; pairs flagged before (whatever became of them) are not flagged again.
    Runs in the caller's transaction; returns the new flags (callers answer nothing of them
    to their own user)."""
    mine = _open_cases([person.pk]).get(person.pk, [])
    if not mine:
        return []
    identity = _identities([person.pk])[person.pk]
    others = _candidates(person, identity)
    identities = _identities(others)
    cases = _open_cases([person.pk, *others])
    made: list[DuplicateFlag] = []
    for other_pk in [person.pk, *sorted(others)]:
        other = identity if other_pk == person.pk else identities.get(other_pk)
        reasons = rules.match(identity, other) if other is not None else []
        if not reasons:
            continue
        # The same identifier is flagged in one area too: its holder's case may be hidden from
        # whoever recorded it (decision 0030); other matches only between areas.
        same_identifier = any(r.kind is rules.MatchKind.SAME_IDENTIFIER for r in reasons)
        for case in mine:
            for theirs in cases.get(other_pk, []):
                if theirs.area_id != case.area_id or same_identifier:
                    made += _flag(actor, case, theirs, reasons)
    return made


def _flag(
    actor: User | None, one: Case, two: Case, reasons: list[rules.Match]
) -> list[DuplicateFlag]:
    a, b = sorted((one, two), key=lambda c: c.pk)
    if DuplicateFlag.objects.filter(case_a=a, case_b=b).exists():
        return []
    try:
        with transaction.atomic():
            flag = DuplicateFlag.objects.create(
                case_a=a,
                case_b=b,
                reasons=[r.as_dict() for r in reasons],
                rule_version=rules.DEFAULT_RULE.version,
                detected_by=actor,
            )
    except IntegrityError:  # flagged by someone else just now
        return []
    audit.record(
        actor=actor,
        operation=Operation.COMBINATION,
        action="flag_possible_duplicate",
        target=flag_target(flag),
        record_ids=[a.pk, b.pk],
        after={
            "cases": [a.pk, b.pk],
            "areas": [a.area_id, b.area_id],
            "reasons": [r.kind.value for r in reasons],
            "rule": rules.DEFAULT_RULE.version,
        },
    )
    one_area = a.area_id == b.area_id
    referrals.notify(
        [u.pk for u in coordinators([a.area_id, b.area_id])],
        "Possible duplicate in your area" if one_area else "Possible duplicate across areas",
        "Two records in your area may be one person."
        if one_area
        else "A person in your area may also be managed in another area.",
        reverse("duplicate", args=[flag.pk]),
        NotificationKind.POSSIBLE_DUPLICATE,
    )
    return [flag]


def find_flag(actor: User, flag_id: object, *, for_update: bool = False) -> DuplicateFlag:
    """A possible duplicate, for the co-ordinators of its two areas only; NotFound for anyone
    else, missing and hidden alike."""
    rows = DuplicateFlag.objects.select_related(*RELATED).filter(pk=record_pk(flag_id))
    if for_update:
        rows = rows.select_for_update(of=("self",))
    flag = rows.first()
    if flag is None:
        raise NotFound()
    if not allowed(actor, Permission.RESOLVE_DUPLICATE, flag):  # as the first case hidden
        raise refused_among(actor, (flag.case_a_id, flag.case_b_id))
    return flag


@dataclass(frozen=True)
class Side:
    """One of the two records as a co-ordinator sees it: identity only, and the case itself
    only when it is in their own area."""

    mine: bool
    case: Case | None
    names: list[PersonName]
    date_of_birth: object
    area: Area
    contacts: list[str]


@dataclass(frozen=True)
class DuplicateView:
    flag: DuplicateFlag
    sides: list[Side]


def _side(actor: User, case: Case, names: list[PersonName]) -> Side:
    mine = actor.viewer.area_id == case.area_id
    return Side(
        mine=mine,
        case=case if mine else None,
        names=names,
        date_of_birth=case.person.date_of_birth,
        area=case.area,
        contacts=[] if mine else [contact(u) for u in coordinators([case.area_id])],
    )


def consult(*, actor: User, flag_id: object) -> DuplicateView:
    """What the co-ordinator reads: for each record its names, date of birth and area, the
    other area's co-ordinators to talk to, and their own case; audited as a consultation."""
    with transaction.atomic():
        flag = find_flag(actor, flag_id)
        people = [flag.case_a.person_id, flag.case_b.person_id]
        names: dict[int, list[PersonName]] = defaultdict(list)
        for n in PersonName.objects.filter(person_id__in=people).order_by("id"):
            names[n.person_id].append(n)
        sides = [_side(actor, c, names[c.person_id]) for c in (flag.case_a, flag.case_b)]
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_possible_duplicate",
            target=flag_target(flag),
            justification=PURPOSE,
            record_ids=[flag.case_a_id, flag.case_b_id],
        )
        return DuplicateView(flag, sides)


def resolve(*, actor: User, flag_id: object, outcome: object, reason: object) -> DuplicateFlag:
    """One of the two co-ordinators settles it: the same person (a request to link or merge
    the records, recorded here) or different people (dismissed), with the reason."""
    with transaction.atomic():
        flag = find_flag(actor, flag_id, for_update=True)
        require(actor, Permission.RESOLVE_DUPLICATE, flag)
        decided = rules.clean_resolution(outcome, reason)
        flag.status = rules.transition(flag.status, decided.status).value
        flag.resolved_by, flag.resolved_at = actor, timezone.now()
        flag.resolution_reason = decided.reason
        flag.version += 1
        flag.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="resolve_possible_duplicate",
            target=flag_target(flag),
            record_ids=[flag.case_a_id, flag.case_b_id],
            before={"status": rules.DuplicateStatus.OPEN.value},
            after={"status": flag.status, "reason": decided.reason, "version": flag.version},
        )
        others = [u.pk for u in coordinators([flag.case_a.area_id, flag.case_b.area_id])]
        referrals.notify(
            [pk for pk in others if pk != actor.pk],
            "Possible duplicate resolved",
            f"{contact(actor)} resolved it: {decided.status.label.lower()}.",
            reverse("duplicate", args=[flag.pk]),
            NotificationKind.POSSIBLE_DUPLICATE,
        )
        return flag


def _of_area(actor: User) -> QuerySet[DuplicateFlag]:
    area = actor.viewer.area_id
    return DuplicateFlag.objects.filter(Q(case_a__area_id=area) | Q(case_b__area_id=area))


@dataclass(frozen=True)
class QueueItem:
    """A flag in the queue with the case of the co-ordinator's own area (the one they can
    name)."""

    flag: DuplicateFlag
    own: Case


@dataclass(frozen=True)
class Queue:
    waiting: list[QueueItem]
    resolved: list[QueueItem]


def _item(actor: User, flag: DuplicateFlag) -> QueueItem:
    mine = flag.case_a.area_id == actor.viewer.area_id
    return QueueItem(flag, flag.case_a if mine else flag.case_b)


def queue(*, actor: User) -> Queue:
    """The possible duplicates involving the co-ordinator's area: open ones oldest first, and
    the last resolved. Audited; co-ordinators only (Forbidden otherwise)."""
    require(actor, Permission.RESOLVE_DUPLICATE)
    found = _of_area(actor).select_related(*RELATED)
    waiting = list(found.filter(status=rules.DuplicateStatus.OPEN.value).order_by("detected_at"))
    resolved = list(
        found.exclude(status=rules.DuplicateStatus.OPEN.value).order_by("-resolved_at")[:20]
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            operation=Operation.CONSULTATION,
            action="view_duplicate_queue",
            target=audit.Target("duplicate_flags"),
            justification=PURPOSE,
            record_ids=[f.pk for f in [*waiting, *resolved]],
        )
    return Queue([_item(actor, f) for f in waiting], [_item(actor, f) for f in resolved])


def open_count(actor: User) -> int:
    """How many possible duplicates wait for the co-ordinator (0 for anyone else)."""
    if not allowed(actor, Permission.RESOLVE_DUPLICATE):
        return 0
    return _of_area(actor).filter(status=rules.DuplicateStatus.OPEN.value).count()
