"""Risk notifications to another state (decision 0022; rules in ``domain.soa.proposals``).

``propose_for_travel`` (inside the travel notification's transaction) proposes one per
destination, pre-filled (``prefill``); the case's managers ``review`` it (what is included,
what is left out and why) and ``submit`` it, and the managers who may decide are told; a
manager other than its authors ``approve``s it with a recorded decision, which writes the
outgoing message (``outbox.enqueue``) in the same transaction, or ``decline``s it with a
reason. A destination with no connected node is approved and recorded all the same; the
screen says no node is connected and the channel guide shows the other channels. One approved
can be ``withdraw``n by those who may decide, with its reason: a ``withdrawal`` message to the
same receiver, in the same transaction (none when nothing was sent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from fourpillars.accounts.models import User
from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import Role
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import IllegalTransition
from fourpillars.domain.exchange.envelope import MessageType, Purpose
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.domain.reminders import NotificationKind
from fourpillars.domain.soa import proposals as rules
from fourpillars.exchange.models import Peer
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import allowed, record_on_case, require
from fourpillars.services.exchange import outbox
from fourpillars.services.notifications.events import notify
from fourpillars.soa.models import Notification, RiskNotification

from . import payloads, prefill

if TYPE_CHECKING:
    from django.db.models import QuerySet

RELATED = (
    "case",
    "case__person",
    "case__area",
    "case__lead_agency",
    "created_by",
    "decided_by",
    "message",
    "withdrawn_by",
    "withdrawal_message",
)


def target(p: RiskNotification) -> audit.Target:
    return audit.Target("risk_notification", str(p.pk), p.case_id, p.case.person_id)


def connected(country: str) -> bool:
    """Whether a node of ``country`` is in the directory and active."""
    return Peer.objects.filter(country=country, status=PeerStatus.ACTIVE.value).exists()


def peer_countries() -> frozenset[str]:
    """The countries of this node's active peers (the channel guide asks)."""
    rows = Peer.objects.filter(status=PeerStatus.ACTIVE.value).values_list("country", flat=True)
    return frozenset(rows)


def propose_for_travel(
    *, actor: User, case: Case, notification: Notification
) -> list[RiskNotification]:
    """One proposal per destination when the person's risk calls for it (a High or Very High
    RoSH in force, or category 1); none otherwise. Runs in the travel record's transaction."""
    reason = rules.proposal_reason(case.category, case.rosh_overall)
    if not reason:
        return []
    made = []
    for destination in notification.destinations:
        payload = prefill.payload_for(case, notification, destination, reason)
        row = RiskNotification.objects.create(
            case=case,
            notification=notification,
            destination=destination,
            reason=reason,
            payload=payload,
            included=[s.value for s in rules.Section],
            left_out={},
            holds_until=dt.date.fromisoformat(payload["holds_until"]),
            created_by=actor,
            editors=[actor.pk],
            peer_connected=connected(destination),
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="propose_risk_notification",
            target=target(row),
            after={"destination": destination, "reason": reason},
        )
        made.append(row)
    return made


def find(actor: User, proposal_id: object, *, manage: bool = False) -> RiskNotification:
    """A risk notification of a case the actor can see (NotFound otherwise); with ``manage``
    its case row is locked and the actor must be able to prepare it."""
    return record_on_case(  # type: ignore[no-any-return]
        actor,
        RiskNotification.objects.all(),
        proposal_id,
        manage=manage,
        permission=Permission.PROPOSE_ABROAD,
        related=RELATED,
    )


def consult(*, actor: User, proposal_id: object, justification: Any) -> RiskNotification:
    """Reading a risk notification: a consultation of its case, audited."""
    with transaction.atomic():
        p = find(actor, proposal_id)
        audit.consultation(
            actor=actor,
            case=p.case,
            justification=justification,
            action="view_risk_notification",
            target=target(p),
        )
        return p


def _edited_by(p: RiskNotification, actor: User) -> None:
    if actor.pk not in p.editors:
        p.editors = [*p.editors, actor.pk]


def review(
    *, actor: User, proposal_id: object, included: object, left_out: Mapping[str, object]
) -> RiskNotification:
    """The officer's choice of what is sent, each section left out with its reason."""
    with transaction.atomic():
        p = find(actor, proposal_id, manage=True)
        if p.status != rules.Status.PROPOSED.value:
            raise IllegalTransition("Only a proposal not yet submitted can be changed.")
        chosen = rules.clean_review(included, left_out)
        before = {"included": p.included, "left_out": p.left_out}
        p.included, p.left_out = list(chosen.included), dict(chosen.left_out)
        _edited_by(p, actor)
        p.version += 1
        p.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="review_risk_notification",
            target=target(p),
            before=before,
            after={"included": p.included, "left_out": p.left_out},
        )
        return p


def deciders(case: Case) -> QuerySet[User]:
    """Who may decide: the lead agency's line managers and the area's co-ordinators."""
    return User.objects.filter(is_active=True).filter(
        Q(agency_id=case.lead_agency_id, is_manager=True)
        | Q(role=Role.COORDINATOR.value, agency__area_id=case.area_id)
    )


def submit(*, actor: User, proposal_id: object) -> RiskNotification:
    """Submit for a decision; the managers who may decide (never its authors) are told."""
    with transaction.atomic():
        p = find(actor, proposal_id, manage=True)
        p.status = rules.transition(p.status, rules.Move.SUBMIT).value
        _edited_by(p, actor)
        p.submitted_at = timezone.now()
        p.version += 1
        p.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="submit_risk_notification",
            target=target(p),
            after={"status": p.status},
        )
        may = [u for u in deciders(p.case) if allowed(u, Permission.APPROVE_ABROAD, p)]
        notify(
            recipients=may,
            kind=NotificationKind.ABROAD_TO_DECIDE,
            subject=f"Risk notification to decide: case {p.case.reference}",
            body=f"A risk notification to {p.destination} waits for your decision.",
            link=reverse("risk-notification", args=[p.pk]),
            case=p.case,
            skip=actor,
        )
        return p


def _deciding(actor: User, proposal_id: object) -> RiskNotification:
    p = record_on_case(
        actor,
        RiskNotification.objects.all(),
        proposal_id,
        manage=True,
        permission=Permission.APPROVE_ABROAD,
        related=RELATED,
    )
    assert isinstance(p, RiskNotification)
    return p


def approve(
    *,
    actor: User,
    proposal_id: object,
    lawful_basis: object,
    necessity: object,
    proportionality: object,
) -> RiskNotification:
    """A manager other than its authors decides to send, recording the lawful basis, necessity
    and proportionality; the message to the destination's node is written in the same
    transaction (or, with no node connected, the decision is recorded and nothing is queued)."""
    with transaction.atomic():
        p = _deciding(actor, proposal_id)
        is_connected = connected(p.destination)
        status = rules.transition(p.status, rules.Move.APPROVE, connected=is_connected)
        decision = rules.clean_decision(lawful_basis, necessity, proportionality)
        p.status, p.peer_connected = status.value, is_connected
        p.lawful_basis, p.necessity = decision.lawful_basis, decision.necessity
        p.proportionality = decision.proportionality
        p.decided_by, p.decided_at = actor, timezone.now()
        if is_connected:
            p.message = outbox.enqueue(
                actor=actor,
                type=MessageType.RISK_NOTIFICATION,
                receiver=p.destination,
                purpose=Purpose.PUBLIC_PROTECTION,
                payload=payloads.risk_notification_payload(p),
                case=p.case,
            )
        p.version += 1
        p.save()
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE if is_connected else Operation.ALTERATION,
            action="approve_risk_notification",
            target=target(p),
            legal_basis=decision.lawful_basis,
            recipients=[p.destination],
            after={
                "status": p.status,
                "necessity": decision.necessity,
                "proportionality": decision.proportionality,
                "included": p.included,
                "left_out": p.left_out,
            },
        )
        return p


def decline(*, actor: User, proposal_id: object, reason: object) -> RiskNotification:
    """Declined with its reason: by the officer before submitting, by a manager who may
    decide once submitted. Nothing is sent."""
    with transaction.atomic():
        p = find(actor, proposal_id, manage=True)
        if p.status == rules.Status.SUBMITTED.value:
            require(actor, Permission.APPROVE_ABROAD, p)
        why = rules.clean_decline(reason)
        p.status = rules.transition(p.status, rules.Move.DECLINE).value
        p.decline_reason = why
        p.decided_by, p.decided_at = actor, timezone.now()
        p.version += 1
        p.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="decline_risk_notification",
            target=target(p),
            after={"status": p.status, "reason": why},
        )
        return p


def withdraw(*, actor: User, proposal_id: object, reason: object) -> RiskNotification:
    """Those who may decide to send it (a manager or co-ordinator, never its authors) withdraw
    an approved risk notification, with the reason. When a message was sent, a withdrawal goes
    to the same receiver with the same purpose in the same transaction, naming the message
    withdrawn; the receiver hides what it withdraws. With no message (no node was connected,
    or the node is no longer active), the withdrawal is recorded and the officer tells the
    state by the channel used."""
    with transaction.atomic():
        p = _deciding(actor, proposal_id)
        before = p.status
        p.status = rules.transition(p.status, rules.Move.WITHDRAW).value
        why = rules.clean_withdrawal(reason)
        # Told by message when one was sent and its receiver's node is still active.
        sent = p.message if p.message is not None and connected(p.message.receiver) else None
        p.withdrawal_reason = why
        p.withdrawn_by, p.withdrawn_at = actor, timezone.now()
        if sent is not None:
            p.withdrawal_message = outbox.enqueue(
                actor=actor,
                type=MessageType.WITHDRAWAL,
                receiver=sent.receiver,
                purpose=Purpose(sent.purpose),
                payload=payloads.withdrawal_payload(sent, why),
                case=p.case,
            )
        p.version += 1
        p.save()
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE if sent is not None else Operation.ALTERATION,
            action="withdraw_risk_notification",
            target=target(p),
            legal_basis=p.lawful_basis,
            recipients=[p.destination],
            before={"status": before},
            after={
                "status": p.status,
                "reason": why,
                "withdrawn_message_id": sent.message_id if sent is not None else None,
            },
        )
        return p


def waiting_for(actor: User) -> tuple[int, str]:
    """Risk notifications submitted on cases the actor manages that they may decide (a line
    manager or co-ordinator, never an author), and the link to the earliest: one query."""
    viewer = actor.viewer
    if not (viewer.is_manager or viewer.role is Role.COORDINATOR):
        return 0, ""
    rows = (
        RiskNotification.objects.filter(
            status=rules.Status.SUBMITTED.value,
            case__in=Case.objects.restrict(actor, Permission.MANAGE_CASE).values("pk"),
        )
        .order_by("submitted_at", "pk")
        .values_list("pk", "created_by_id", "editors")
    )
    mine = [pk for pk, author, editors in rows if actor.pk != author and actor.pk not in editors]
    return len(mine), reverse("risk-notification", args=[mine[0]]) if mine else ""


def waiting_count(actor: User) -> int:
    return waiting_for(actor)[0]
