"""Saying who received information concerns (decision 0023): a person confirms one of the
candidates, or says nobody here matches; a risk notification's co-ordinator may instead open
a case for the person it names.

On a conviction's confirmation it enters the register for that person with its origin (the
``ForeignConviction`` row, linked to the person and shown among their convictions; the
predictors' register facts read it: ``facts.foreign_convictions``), and the lead agency of each
of the person's open cases, with the area's co-ordinator, is told that RoSH re-screening and
rescoring are due ([OASYS-ROSH]: new convictions trigger a review). Each step is audited (a
combination of records, [DPA-2018] s.62) in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fourpillars.domain import matching_foreign as match_rules
from fourpillars.domain import received as rules
from fourpillars.domain.access import Facts, Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError, IllegalTransition
from fourpillars.domain.identifiers import IdentifierKind, normalise_identifier
from fourpillars.received.models import ForeignConviction, ReceivedRiskNotification
from fourpillars.services import audit
from fourpillars.services.access import allowed, refused_among, require
from fourpillars.services.cases import register_case
from fourpillars.services.errors import NotFound, record_pk

from . import identities
from .receiving import conviction_target, notice_target
from .rescreening import ask_for_rescreening, open_cases

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


# A notice without an area (a node that has none) concerns an area nobody co-ordinates: only
# the node's operator may match it.
NO_AREA = -1


def notice_facts(n: ReceivedRiskNotification) -> Facts:
    """A risk notification as the policy sees it: the area that receives it."""
    return Facts(areas=frozenset({n.area_id if n.area_id is not None else NO_AREA}))


def find_conviction(actor: User, item_id: object, *, for_update: bool = False) -> ForeignConviction:
    """A received conviction, for the central authority's operator (NotFound for anyone else:
    the queue is not theirs to know of)."""
    if not _may(actor, Permission.OPERATE_EXCHANGE, None):
        raise NotFound()
    rows = ForeignConviction.objects.all()
    if for_update:
        rows = rows.select_for_update()
    found = rows.filter(pk=record_pk(item_id)).first()
    if found is None:
        raise NotFound()
    return found


def find_notice(
    actor: User, item_id: object, *, for_update: bool = False
) -> ReceivedRiskNotification:
    """A received risk notification, for its area's co-ordinator and the operator."""
    rows = ReceivedRiskNotification.objects.select_related("area")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    found = rows.filter(pk=record_pk(item_id)).first()
    if found is None:
        raise NotFound()
    if not _may(actor, Permission.MATCH_RECEIVED, notice_facts(found)):
        raise refused_among(actor, (found.case_id,))  # matched to a case hidden from them
    return found


def _may(actor: User, permission: Permission, facts: Facts | None) -> bool:
    return allowed(actor, permission, facts)


def refresh_candidates(item: ForeignConviction | ReceivedRiskNotification) -> None:
    """While it waits, the candidates are worked out again (people registered since it came
    are found); stored, with the combination's audit row, only when they changed."""
    if item.status != rules.MatchStatus.AWAITING.value:
        return
    identity = match_rules.identity_from_payload(
        {
            "names": item.identity.get("names", []),
            "date_of_birth": item.identity.get("date_of_birth"),
            "identifiers": item.identity.get("identifiers", []),
        }
    )
    fresh = identities.candidate_documents(identities.candidates(identity))
    if fresh == item.candidates:
        return
    target = conviction_target(item) if isinstance(item, ForeignConviction) else notice_target(item)
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(candidates=fresh)
        audit.record(
            actor=None,
            operation=Operation.COMBINATION,
            action="match_candidates",
            target=target,
            record_ids=[int(str(c["person_id"])) for c in fresh],
            after={"rule_version": match_rules.DEFAULT_RULE.version, "again": True},
        )
    item.candidates = fresh


def _choice(
    item: ForeignConviction | ReceivedRiskNotification, data: Mapping[str, object]
) -> rules.MatchChoice:
    rules.confirm_transition(item.status)
    if item.withdrawn_at is not None:
        raise IllegalTransition("The sender withdrew this: it can no longer be matched.")
    refresh_candidates(item)
    ids = frozenset(int(str(c["person_id"])) for c in item.candidates)
    return rules.clean_match_choice(data.get("choice"), data.get("reason"), ids)


def _record_match(
    actor: User, item: ForeignConviction | ReceivedRiskNotification, choice: rules.MatchChoice
) -> None:
    before = {"status": item.status, "person_id": item.person_id}
    item.status = (
        rules.MatchStatus.MATCHED.value if choice.person_id else rules.MatchStatus.NO_MATCH.value
    )
    item.person_id = choice.person_id
    item.matched_by, item.matched_at, item.match_reason = actor, timezone.now(), choice.reason
    item.version = F("version") + 1
    item.save()
    item.refresh_from_db()
    target = conviction_target(item) if isinstance(item, ForeignConviction) else notice_target(item)
    audit.record(
        actor=actor,
        operation=Operation.COMBINATION,
        action="match_received" if choice.person_id else "match_received_none",
        target=target,
        before=before,
        after={"status": item.status, "person_id": item.person_id, "reason": choice.reason},
    )


def confirm_conviction(
    *, actor: User, item_id: object, data: Mapping[str, object]
) -> ForeignConviction:
    """Confirm who a received conviction concerns (or nobody): it enters the register for
    that person, and their cases' lead agencies are asked to re-screen."""
    require(actor, Permission.OPERATE_EXCHANGE)
    with transaction.atomic():
        item = find_conviction(actor, item_id, for_update=True)
        choice = _choice(item, data)
        _record_match(actor, item, choice)
        if choice.person_id is not None and not item.deleted:
            ask_for_rescreening(
                actor, choice.person_id, f"A conviction notified by {item.sender} was added."
            )
        return item


def confirm_notice(
    *, actor: User, item_id: object, data: Mapping[str, object]
) -> ReceivedRiskNotification:
    """Confirm who a risk notification concerns: it is added to the person's open case (the
    one in the receiving area first), whose lead agency is asked to re-screen; or nobody."""
    with transaction.atomic():
        item = find_notice(actor, item_id, for_update=True)
        require(actor, Permission.MATCH_RECEIVED, notice_facts(item))
        choice = _choice(item, data)
        _record_match(actor, item, choice)
        if choice.person_id is not None:
            cases = open_cases(choice.person_id)
            here = [c for c in cases if c.area_id == item.area_id] or cases
            if here:
                ReceivedRiskNotification.objects.filter(pk=item.pk).update(case=here[0])
                item.case = here[0]
            ask_for_rescreening(
                actor, choice.person_id, f"Risk information from {item.sender} was received."
            )
        return item


def _person_data(item: ReceivedRiskNotification) -> dict[str, Any]:
    """The person as the notification names them, as the register's registration takes it:
    names as sent (first the primary), birth, sex, nationalities, identifiers that are valid."""
    sent = item.content.get("person") if isinstance(item.content.get("person"), Mapping) else {}
    names = []
    for i, raw in enumerate(sent.get("names") or item.identity.get("names") or []):
        if isinstance(raw, Mapping):
            family, given = raw.get("family_name") or "", raw.get("given_names") or ""
        else:
            *first, last = str(raw).split() or [""]
            family, given = last, " ".join(first)
        names.append(
            {"kind": "primary" if i == 0 else "alias", "family_name": family, "given_names": given}
        )
    identifiers = []
    for raw in item.identity.get("identifiers", []):
        try:
            normalise_identifier(raw["kind"], raw["value"], raw.get("country", ""))
        except (DomainValidationError, KeyError):
            continue
        if raw["kind"] in IdentifierKind.labels():
            identifiers.append(dict(raw))
    return {
        "names": names,
        "date_of_birth": item.identity.get("date_of_birth"),
        "sex": str(sent.get("sex") or "unknown"),
        "nationalities": list(item.identity.get("nationalities", [])),
        "identifiers": identifiers,
        "addresses": [],
        "convictions": [],
    }


def open_case_for_notice(
    *, actor: User, item_id: object, case: Mapping[str, object]
) -> ReceivedRiskNotification:
    """The receiving area's co-ordinator opens a case for the person a risk notification names
    (nobody here matched): the person and the case are registered as any registration is, and
    the notification is attached to the case."""
    with transaction.atomic():
        item = find_notice(actor, item_id, for_update=True)
        require(actor, Permission.MATCH_RECEIVED, notice_facts(item))
        rules.confirm_transition(item.status)
        if item.withdrawn_at is not None:
            raise IllegalTransition("The sender withdrew this: no case can be opened from it.")
        row = register_case(actor=actor, person=_person_data(item), case=case)
        reason = f"Case {row.reference} opened for the person named."
        _record_match(actor, item, rules.MatchChoice(row.person_id, reason))
        ReceivedRiskNotification.objects.filter(pk=item.pk).update(case=row)
        item.case = row
        return item
