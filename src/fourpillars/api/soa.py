"""SOA 2003 notification, risk notifications to other states and supervision transfers
(decision 0022).

- ``/cases/{id}/soa-notifications`` (what is due, the notifications recorded and the case's
  risk notifications; record one), ``/cases/{id}/soa-circumstances`` (release date, no fixed
  abode);
- ``/risk-notifications/{id}`` (read), ``/review``, ``/submit``, ``/approve`` (a second
  person, with the recorded decision; writes the outgoing message), ``/decline``,
  ``/withdraw`` (one approved, by those who may decide; writes the withdrawal message);
- ``/cases/{id}/supervision-transfers`` (compose), ``/supervision-transfers/{id}``,
  ``/approve``, ``/decline``.

Every route calls ``services.soa``: 404 for hidden and missing alike, 403 with the policy's
reason (an author approving: "another person must decide"), 422 naming the field, 409 for a
record decided already, the purpose in ``X-Justification`` outside the lead agency (428).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from fourpillars.services.soa import proposals, records, transfers
from fourpillars.soa.models import Notification, RiskNotification, SupervisionTransfer

from .auth import actor
from .cases import (
    JUSTIFICATION,
    READ_ERRORS,
    WRITE_ERRORS,
    JustificationHeader,
    justification_from_header,
)
from .inputs import In, ReasonIn

router = Router(tags=["SOA notification and risk notifications abroad"])
READ_WRITE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 428: READ_ERRORS[428]}


class NotificationIn(In):
    kind: str = Field(description="initial, annual, change, travel or weekly")
    notified_on: str = Field(description="YYYY-MM-DD")
    place: str = ""
    details: str = ""
    changed_on: str | None = Field(None, description="A change: the day it happened")
    changes: list[str] | None = Field(None, description="A change: name, home_address ...")
    departs: str | None = Field(None, description="Travel: YYYY-MM-DD")
    returns: str | None = Field(None, description="Travel: YYYY-MM-DD (none for a move)")
    destinations: list[str] | None = Field(None, description="Travel: country codes")
    addresses_abroad: str | None = None
    travel_means: str | None = Field(None, description="air, sea, rail, road or other")
    move_abroad: bool = False


class CircumstancesIn(In):
    release_date: str | None = Field(None, description="YYYY-MM-DD: release from custody")
    no_fixed_abode: bool = False


class ReviewIn(In):
    included: list[str] = Field(description="The sections sent (rosh, travel, contingency ...)")
    left_out: dict[str, str] = Field(default_factory=dict, description="section -> why")


class DecisionIn(In):
    lawful_basis: str = Field(description="dpa2018_s73_adequacy, _s75_safeguards, _s76_special")
    necessity: str
    proportionality: str


class SupervisionTransferIn(In):
    receiver: str = Field(description="The state of normal residence (country code)")
    measure: str
    reason: str


class DueOut(Schema):
    kind: str
    due: dt.date
    standing: str
    met_on: dt.date | None
    why: str


class SoaNotificationOut(Schema):
    id: int
    kind: str
    notified_on: dt.date
    changed_on: dt.date | None
    changes: list[str]
    departs: dt.date | None
    returns: dt.date | None
    destinations: list[str]
    addresses_abroad: str
    travel_means: str
    move_abroad: bool
    details: str
    recorded_by: str


class RiskNotificationOut(Schema):
    id: int
    case_id: int
    destination: str
    status: str
    reason: str
    included: list[str]
    left_out: dict[str, str]
    holds_until: dt.date
    peer_connected: bool
    payload: dict[str, Any]
    created_by: str
    decided_by: str | None
    decided_at: dt.datetime | None
    lawful_basis: str
    necessity: str
    proportionality: str
    decline_reason: str
    message_id: str | None
    withdrawn_by: str | None
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    withdrawal_message_id: str | None = Field(
        description="The withdrawal sent to the receiving state (none when no message was "
        "sent: tell the state by the channel used)"
    )
    withdrawal_message_status: str | None = Field(
        description="queued, delivered, failed (refused by the receiver) or dead"
    )


class ScheduleOut(Schema):
    next_due: dt.date | None
    rules_version: str | None
    items: list[DueOut]
    notifications: list[SoaNotificationOut]
    risk_notifications: list[RiskNotificationOut]


class SupervisionTransferOut(Schema):
    id: int
    case_id: int
    receiver: str
    status: str
    measure: str
    reason: str
    created_by: str
    decided_by: str | None
    decline_reason: str
    response_reason: str
    responded_at: dt.datetime | None
    message_id: str | None


def _who(user: Any) -> str | None:
    return None if user is None else str(user.get_username())


def notification_out(n: Notification) -> dict[str, object]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "notified_on": n.notified_on,
        "changed_on": n.changed_on,
        "changes": list(n.changes),
        "departs": n.departs,
        "returns": n.returns,
        "destinations": list(n.destinations),
        "addresses_abroad": n.addresses_abroad,
        "travel_means": n.travel_means,
        "move_abroad": n.move_abroad,
        "details": n.details,
        "recorded_by": n.recorded_by.get_username(),
    }


def risk_out(p: RiskNotification) -> dict[str, object]:
    withdrawal = p.withdrawal_message
    return {
        "id": p.pk,
        "case_id": p.case_id,
        "destination": p.destination,
        "status": p.status,
        "reason": p.reason,
        "included": list(p.included),
        "left_out": dict(p.left_out),
        "holds_until": p.holds_until,
        "peer_connected": p.peer_connected,
        "payload": p.payload,
        "created_by": p.created_by.get_username(),
        "decided_by": _who(p.decided_by),
        "decided_at": p.decided_at,
        "lawful_basis": p.lawful_basis,
        "necessity": p.necessity,
        "proportionality": p.proportionality,
        "decline_reason": p.decline_reason,
        "message_id": p.message.message_id if p.message is not None else None,
        "withdrawn_by": _who(p.withdrawn_by),
        "withdrawn_at": p.withdrawn_at,
        "withdrawal_reason": p.withdrawal_reason,
        "withdrawal_message_id": withdrawal.message_id if withdrawal is not None else None,
        "withdrawal_message_status": withdrawal.status if withdrawal is not None else None,
    }


def transfer_out(t: SupervisionTransfer) -> dict[str, object]:
    return {
        "id": t.pk,
        "case_id": t.case_id,
        "receiver": t.receiver,
        "status": t.status,
        "measure": t.measure,
        "reason": t.reason,
        "created_by": t.created_by.get_username(),
        "decided_by": _who(t.decided_by),
        "decline_reason": t.decline_reason,
        "response_reason": t.response_reason,
        "responded_at": t.responded_at,
        "message_id": t.message.message_id if t.message is not None else None,
    }


@router.get("/cases/{case_id}/soa-notifications", response={200: ScheduleOut, **READ_ERRORS})
def case_notifications(
    request: HttpRequest,
    case_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    """What is due and when (missed ones as `standing: missed`), the notifications recorded
    and the case's risk notifications (a consultation of the case, audited)."""
    found = records.case_notifications(
        actor=actor(request),
        case_id=case_id,
        justification=justification_from_header(x_justification),
    )
    s = found.schedule
    return {
        "next_due": s.next_due if s else None,
        "rules_version": s.version if s else None,
        "items": [
            {
                "kind": d.kind.value,
                "due": d.due,
                "standing": d.standing.value,
                "met_on": d.met_on,
                "why": d.why,
            }
            for d in (s.items if s else ())
        ],
        "notifications": [notification_out(n) for n in found.rows],
        "risk_notifications": [risk_out(p) for p in found.proposals],
    }


@router.post(
    "/cases/{case_id}/soa-notifications", response={201: SoaNotificationOut, **WRITE_ERRORS}
)
def record_notification(
    request: HttpRequest, case_id: str, payload: NotificationIn
) -> Status[object]:
    """Record a notification the person made; travel by a person with a High or Very High RoSH
    or a category 1 registration proposes a risk notification to each destination."""
    made = records.record_notification(
        actor=actor(request), case_id=case_id, data=payload.model_dump()
    )
    return Status(201, notification_out(made))


@router.put("/cases/{case_id}/soa-circumstances", response={200: ScheduleOut, **READ_WRITE_ERRORS})
def set_circumstances(
    request: HttpRequest,
    case_id: str,
    payload: CircumstancesIn,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    records.set_circumstances(
        actor=actor(request),
        case_id=case_id,
        release_date=payload.release_date,
        no_fixed_abode=payload.no_fixed_abode,
    )
    return case_notifications(request, case_id, x_justification)


@router.get("/risk-notifications/{proposal_id}", response={200: RiskNotificationOut, **READ_ERRORS})
def read_risk_notification(
    request: HttpRequest,
    proposal_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    return risk_out(
        proposals.consult(
            actor=actor(request),
            proposal_id=proposal_id,
            justification=justification_from_header(x_justification),
        )
    )


@router.post(
    "/risk-notifications/{proposal_id}/review",
    response={200: RiskNotificationOut, **WRITE_ERRORS},
)
def review(request: HttpRequest, proposal_id: str, payload: ReviewIn) -> dict[str, object]:
    """What is included; each section left out with why (ratings, travel and the contingency
    contact are always included)."""
    done = proposals.review(
        actor=actor(request),
        proposal_id=proposal_id,
        included=payload.included,
        left_out=payload.left_out,
    )
    return risk_out(done)


@router.post(
    "/risk-notifications/{proposal_id}/submit",
    response={200: RiskNotificationOut, **WRITE_ERRORS},
)
def submit(request: HttpRequest, proposal_id: str) -> dict[str, object]:
    return risk_out(proposals.submit(actor=actor(request), proposal_id=proposal_id))


@router.post(
    "/risk-notifications/{proposal_id}/approve",
    response={200: RiskNotificationOut, **WRITE_ERRORS},
)
def approve(request: HttpRequest, proposal_id: str, payload: DecisionIn) -> dict[str, object]:
    """A manager or co-ordinator other than its authors decides to send it; the message to
    the destination's node is queued in the same transaction (`message_id`)."""
    done = proposals.approve(actor=actor(request), proposal_id=proposal_id, **payload.model_dump())
    return risk_out(done)


@router.post(
    "/risk-notifications/{proposal_id}/decline",
    response={200: RiskNotificationOut, **WRITE_ERRORS},
)
def decline(request: HttpRequest, proposal_id: str, payload: ReasonIn) -> dict[str, object]:
    done = proposals.decline(actor=actor(request), proposal_id=proposal_id, reason=payload.reason)
    return risk_out(done)


@router.post(
    "/risk-notifications/{proposal_id}/withdraw",
    response={200: RiskNotificationOut, **WRITE_ERRORS},
)
def withdraw(request: HttpRequest, proposal_id: str, payload: ReasonIn) -> dict[str, object]:
    """Withdraw an approved risk notification, with the reason (at most 2000 characters; the
    receiving state is told it). A manager in the lead agency or the area co-ordinator, never
    one of its authors, may. When a message was sent, a withdrawal to the same receiver is
    queued in the same transaction (`withdrawal_message_id`); with no node connected nothing
    is sent and the state is told by the channel used.

    200: withdrawn; 403: not one who may decide (an author is told so); 404: hidden or
    missing; 409: not approved yet, or withdrawn already; 422: the reason missing or invalid.
    """
    done = proposals.withdraw(actor=actor(request), proposal_id=proposal_id, reason=payload.reason)
    return risk_out(done)


@router.post(
    "/cases/{case_id}/supervision-transfers", response={201: SupervisionTransferOut, **WRITE_ERRORS}
)
def request_transfer(
    request: HttpRequest, case_id: str, payload: SupervisionTransferIn
) -> Status[object]:
    """Ask the state of normal residence to supervise the probation measure (FD 2008/947);
    another person approves it before it is sent."""
    made = transfers.request(actor=actor(request), case_id=case_id, **payload.model_dump())
    return Status(201, transfer_out(made))


@router.get(
    "/supervision-transfers/{transfer_id}", response={200: SupervisionTransferOut, **READ_ERRORS}
)
def read_transfer(
    request: HttpRequest,
    transfer_id: str,
    x_justification: JustificationHeader = JUSTIFICATION,
) -> dict[str, object]:
    return transfer_out(
        transfers.consult(
            actor=actor(request),
            transfer_id=transfer_id,
            justification=justification_from_header(x_justification),
        )
    )


@router.post(
    "/supervision-transfers/{transfer_id}/approve",
    response={200: SupervisionTransferOut, **WRITE_ERRORS},
)
def approve_transfer(request: HttpRequest, transfer_id: str) -> dict[str, object]:
    return transfer_out(transfers.approve(actor=actor(request), transfer_id=transfer_id))


@router.post(
    "/supervision-transfers/{transfer_id}/decline",
    response={200: SupervisionTransferOut, **WRITE_ERRORS},
)
def decline_transfer(
    request: HttpRequest, transfer_id: str, payload: ReasonIn
) -> dict[str, object]:
    done = transfers.decline(actor=actor(request), transfer_id=transfer_id, reason=payload.reason)
    return transfer_out(done)
