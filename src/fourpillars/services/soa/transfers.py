"""Requests to transfer supervision of a probation measure to the state of the person's
normal residence ([FD-2008-947]; rules in ``domain.soa.transfers``; decision 0022).

The case's managers ``request`` it (the measure and why that state), for a case whose
disposal carries a probation measure (``rules.check_transferable``); a manager other than its
author ``approve``s it, which writes the ``supervision_transfer_request`` in the same
transaction (or records that no node is connected), or ``decline``s it with a reason. The
answer arrives by the inbox (``on_response``, registered with ``inbox.handler``): accepted, or
refused with its reason, shown on the case and told to the author.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fourpillars.domain.access import Permission
from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.codes import PENALTY_TABLE_VERSION
from fourpillars.domain.exchange.content import SupervisionTransferResponse, parse_payload
from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose
from fourpillars.domain.reminders import NotificationKind
from fourpillars.domain.soa import proposals as proposal_rules
from fourpillars.domain.soa import transfers as rules
from fourpillars.exchange.models import Message
from fourpillars.register.models import Case
from fourpillars.services import audit
from fourpillars.services.access import allowed, manageable_case, record_on_case
from fourpillars.services.exchange import inbox, node, outbox
from fourpillars.services.notifications.events import notify
from fourpillars.soa.models import SupervisionTransfer

from .payloads import person_payload
from .proposals import connected, deciders

if TYPE_CHECKING:
    from fourpillars.accounts.models import User

RELATED = ("case", "case__person", "case__area", "case__lead_agency", "created_by", "decided_by")
# The common table's code for probation measures with supervision ([DEC-2009-316] Annex B).
SUPERVISION_CODE = "2010"


def target(t: SupervisionTransfer) -> audit.Target:
    return audit.Target("supervision_transfer", str(t.pk), t.case_id, t.case.person_id)


def request(
    *, actor: User, case_id: object, receiver: object, measure: object, reason: object
) -> SupervisionTransfer:
    """Compose the request (the case's managers) for a case with a probation measure to
    transfer (refused on ``disposal`` otherwise); it waits for a second person's approval, and
    the managers who may give it are told."""
    with transaction.atomic():
        case = manageable_case(actor, case_id, permission=Permission.PROPOSE_ABROAD)
        rules.check_transferable(case.disposal)
        try:
            country = proposal_rules.check_destination(receiver, node.identity().country)
        except DomainValidationError as exc:
            raise DomainValidationError.single("receiver", exc.errors[0].message) from None
        what, why = rules.clean_request(measure, reason)
        row = SupervisionTransfer.objects.create(
            case=case, receiver=country, measure=what, reason=why, created_by=actor
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION,
            action="request_supervision_transfer",
            target=target(row),
            after={"receiver": country, "measure": what, "reason": why},
        )
        may = [u for u in deciders(case) if allowed(u, Permission.APPROVE_ABROAD, row)]
        notify(
            recipients=may,
            kind=NotificationKind.ABROAD_TO_DECIDE,
            subject=f"Supervision transfer to decide: case {case.reference}",
            body=f"A request to transfer supervision to {country} waits for your decision.",
            link=reverse("supervision-transfer", args=[row.pk]),
            case=case,
            skip=actor,
        )
        return row


def find(actor: User, transfer_id: object, *, manage: bool = False) -> SupervisionTransfer:
    found = record_on_case(
        actor,
        SupervisionTransfer.objects.all(),
        transfer_id,
        manage=manage,
        permission=Permission.APPROVE_ABROAD,
        related=RELATED,
    )
    assert isinstance(found, SupervisionTransfer)
    return found


def consult(*, actor: User, transfer_id: object, justification: Any) -> SupervisionTransfer:
    with transaction.atomic():
        t = find(actor, transfer_id)
        audit.consultation(
            actor=actor,
            case=t.case,
            justification=justification,
            action="view_supervision_transfer",
            target=target(t),
        )
        return t


def request_payload(t: SupervisionTransfer) -> dict[str, Any]:
    """The request in the common content, parsed before it is queued."""
    case: Case = t.case
    conviction = case.person.convictions.first()
    judged = conviction.date if conviction else case.disposal_date or case.start_date
    starts = timezone.localdate()
    ends = case.notification_end or starts + relativedelta(months=12)
    address = case.person.addresses.filter(to_date__isnull=True).first()
    payload = {
        "person": person_payload(case.person),
        "judgment": {
            "name": (conviction.court if conviction and conviction.court else "Court"),
            "country": node.identity().country,
        },
        "judgment_date": judged.isoformat(),
        "measures": [{"code": SUPERVISION_CODE, "conditions": t.measure}],
        "starts": starts.isoformat(),
        "ends": max(ends, starts).isoformat(),
        "residence": {
            "address": "Abroad (see the reason)" if address is None else address.line1,
            "country": t.receiver,
            "lawful_and_ordinary": True,
        },
        "reason": t.reason[:2000],
        "tables": {"penalties": PENALTY_TABLE_VERSION},
    }
    parse_payload(MessageType.SUPERVISION_TRANSFER_REQUEST, payload)
    return payload


def approve(*, actor: User, transfer_id: object) -> SupervisionTransfer:
    """A second person approves: the request is queued to the other state's node in the same
    transaction (or, with no node connected, the approval is recorded and nothing queued)."""
    with transaction.atomic():
        t = find(actor, transfer_id, manage=True)
        is_connected = connected(t.receiver)
        t.status = rules.transition(t.status, rules.Move.APPROVE, connected=is_connected).value
        rules.check_transferable(t.case.disposal)  # the disposal may have changed since
        t.decided_by, t.decided_at = actor, timezone.now()
        if is_connected:
            t.message = outbox.enqueue(
                actor=actor,
                type=MessageType.SUPERVISION_TRANSFER_REQUEST,
                receiver=t.receiver,
                purpose=Purpose.SUPERVISION,
                payload=request_payload(t),
                case=t.case,
            )
        t.version += 1
        t.save()
        audit.record(
            actor=actor,
            operation=Operation.DISCLOSURE if is_connected else Operation.ALTERATION,
            action="approve_supervision_transfer",
            target=target(t),
            legal_basis="FD 2008/947/JHA",
            recipients=[t.receiver],
            after={"status": t.status},
        )
        return t


def decline(*, actor: User, transfer_id: object, reason: object) -> SupervisionTransfer:
    with transaction.atomic():
        t = find(actor, transfer_id, manage=True)
        why = proposal_rules.clean_decline(reason)
        t.status = rules.transition(t.status, rules.Move.DECLINE).value
        t.decline_reason, t.decided_by, t.decided_at = why, actor, timezone.now()
        t.version += 1
        t.save()
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="decline_supervision_transfer",
            target=target(t),
            after={"status": t.status, "reason": why},
        )
        return t


@inbox.handler(MessageType.SUPERVISION_TRANSFER_RESPONSE)
def on_response(message: Message, envelope: Envelope) -> None:
    """The other state's answer to a request this node sent (``in_reply_to``): accepted, or
    refused with its reason and ground. An answer to no request of ours is refused."""
    content = parse_payload(MessageType.SUPERVISION_TRANSFER_RESPONSE, envelope.payload)
    assert isinstance(content, SupervisionTransferResponse)
    t = (
        SupervisionTransfer.objects.select_for_update()
        .select_related("case", "case__person", "created_by")
        .filter(message__message_id=envelope.in_reply_to, receiver=envelope.sender)
        .first()
    )
    if t is None:
        raise DomainValidationError.single("in_reply_to", "answers no request this node sent")
    refused = content.decision.value == "refused"
    move = rules.Move.REFUSED if refused else rules.Move.ACCEPTED
    t.status = rules.transition(t.status, move).value
    reason = content.reason
    if refused and content.ground is not None:
        reason = f"{content.ground.label}. {reason}".strip()
    t.response_reason, t.responded_at = reason, timezone.now()
    t.version += 1
    t.save()
    audit.record(
        actor=None,
        operation=Operation.COLLECTION,
        action="receive_supervision_transfer_response",
        target=target(t),
        recipients=[envelope.sender],
        after={"status": t.status, "reason": reason, "message_id": envelope.message_id},
    )
    notify(
        recipients=[t.created_by],
        kind=NotificationKind.ABROAD_ANSWERED,
        subject=f"Supervision transfer {t.status_label.lower()}: case {t.case.reference}",
        body=f"{envelope.sender} answered the request to transfer supervision.",
        link=reverse("supervision-transfer", args=[t.pk]),
        case=t.case,
    )


def case_transfers(case: Case) -> list[SupervisionTransfer]:
    return list(SupervisionTransfer.objects.filter(case=case).select_related("created_by"))
