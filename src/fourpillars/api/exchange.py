"""Cross-border exchange routes (decision 0020): the node's keys and peers with their health,
the inbox and outbox, one message decoded and checked, and the operator's actions. The
node's operator only (403 for anyone else). The machine-to-machine inbox itself is not here:
peers post signed messages to ``POST /exchange/inbox/`` (no token; the signature is the
authentication)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.exchange.models import Message
from fourpillars.services.exchange import actions, directory, node, reads
from fourpillars.services.exchange.operators import require_operator

from .auth import actor
from .paging import envelope, page_param, size_param
from .schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["exchange"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


class PeerOut(Schema):
    country: str
    name: str
    central_authority: str
    inbox_url: str
    status: str
    kids: list[str]
    sent: int
    received: int
    delivered: int
    failed: int
    dead: int
    queued: int
    on_time_percent: int | None = Field(description="The peer's answers to our requests on time")
    our_on_time_percent: int | None = Field(description="Our answers to its requests on time")
    last_error: str


class PeerIn(Schema):
    url: str = Field(description="The peer's introduction document (its node.json address)")


class KeyOut(Schema):
    kid: str
    signing: bool
    public_jwk: dict[str, Any]


class MessageOut(Schema):
    id: int
    direction: str
    message_id: str
    type: str
    sender: str
    receiver: str
    created: str
    in_reply_to: str | None
    purpose: str
    status: str
    attempts: int
    last_error: str
    due_date: str | None
    deadline: str | None = Field(description="on_time, due_soon, overdue, answered_late")


class MessagePageOut(Schema):
    items: list[MessageOut]
    count: int
    page: int
    page_size: int


class MessageDetailOut(MessageOut):
    signature_verified: bool
    receipt_verified: bool
    receipt: dict[str, Any] | None
    envelope: dict[str, Any]
    replies: list[str]


class MessageFilterIn(Schema):
    direction: str = ""
    status: str = ""
    type: str = ""
    peer: str = ""


def _peer(h: reads.PeerHealth) -> dict[str, Any]:
    p = h.peer
    return {
        "country": p.country,
        "name": p.name,
        "central_authority": p.central_authority,
        "inbox_url": p.inbox_url,
        "status": p.status,
        "kids": list(p.keys.values_list("kid", flat=True)),
        "sent": h.sent,
        "received": h.received,
        "delivered": h.delivered,
        "failed": h.failed,
        "dead": h.dead,
        "queued": h.queued,
        "on_time_percent": h.on_time,
        "our_on_time_percent": h.we_on_time,
        "last_error": h.last_error,
    }


def _message(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "direction": m.direction,
        "message_id": m.message_id,
        "type": m.type,
        "sender": m.sender,
        "receiver": m.receiver,
        "created": m.created.isoformat(),
        "in_reply_to": m.in_reply_to or None,
        "purpose": m.purpose,
        "status": m.status,
        "attempts": m.attempts,
        "last_error": m.last_error,
        "due_date": m.due_date.isoformat() if m.due_date else None,
        "deadline": _deadline(m),
    }


def _health(request: HttpRequest, country: str) -> dict[str, Any]:
    found = [h for h in reads.peer_health(actor=actor(request)) if h.peer.country == country]
    return _peer(found[0])


@router.get("/exchange/peers", response={200: list[PeerOut], **ERRORS})
def list_peers(request: HttpRequest) -> list[dict[str, Any]]:
    """The directory of peer nodes with each one's health."""
    return [_peer(h) for h in reads.peer_health(actor=actor(request))]


@router.post("/exchange/peers", response={201: PeerOut, **ERRORS})
def add_peer(request: HttpRequest, payload: PeerIn) -> Status[object]:
    """Add (or update, learning its new keys) a peer from its introduction document."""
    peer = directory.add_peer_from_url(actor=actor(request), url=payload.url)
    return Status(201, _health(request, peer.country))


@router.post("/exchange/peers/{country}/suspend", response={200: PeerOut, **ERRORS})
def suspend_peer(request: HttpRequest, country: str) -> dict[str, Any]:
    """Refuse the peer's messages and hold ours to it."""
    peer = directory.set_status(actor=actor(request), country=country, status=PeerStatus.SUSPENDED)
    return _health(request, peer.country)


@router.post("/exchange/peers/{country}/reactivate", response={200: PeerOut, **ERRORS})
def reactivate_peer(request: HttpRequest, country: str) -> dict[str, Any]:
    peer = directory.set_status(actor=actor(request), country=country, status=PeerStatus.ACTIVE)
    return _health(request, peer.country)


@router.get("/exchange/keys", response={200: list[KeyOut], **ERRORS})
def list_keys(request: HttpRequest) -> list[dict[str, Any]]:
    """This node's public keys, newest first; the one that signs now is marked."""
    require_operator(actor(request))
    current = getattr(node.current_key(), "kid", "")
    return [
        {"kid": k["kid"], "signing": k["kid"] == current, "public_jwk": k}
        for k in node.jwks()["keys"]
    ]


@router.post("/exchange/keys/rotate", response={201: KeyOut, **ERRORS})
def rotate_key(request: HttpRequest) -> Status[object]:
    """Sign with a new key from now on; the old public keys stay published."""
    row = node.rotate_key(actor=actor(request))
    return Status(201, {"kid": row.kid, "signing": True, "public_jwk": row.public_jwk})


@router.get("/exchange/messages", response={200: MessagePageOut, **ERRORS})
def list_messages(
    request: HttpRequest,
    filters: Query[MessageFilterIn],
    page: int = page_param(),
    page_size: int = size_param(50),
) -> dict[str, object]:
    """The inbox and outbox, newest first: filter by direction (in, out), status, type and
    peer (country code)."""
    require_operator(actor(request))
    flt = reads.parse_filter(filters.model_dump())
    found = reads.message_page(actor=actor(request), flt=flt, page=page, page_size=page_size)
    return envelope(found, _message)


@router.get("/exchange/messages/{message_id}", response={200: MessageDetailOut, **ERRORS})
def get_message(request: HttpRequest, message_id: str) -> dict[str, Any]:
    """One message decoded, its signature and receipt checked (the reading is audited)."""
    d = reads.message_detail(actor=actor(request), pk=message_id)
    return {
        **_message(d.message),
        "signature_verified": d.signature_ok,
        "receipt_verified": d.receipt_ok,
        "receipt": d.receipt,
        "envelope": d.envelope,
        "replies": [r.message_id for r in d.replies],
    }


@router.post("/exchange/messages/{message_id}/resend", response={200: MessageOut, **ERRORS})
def resend(request: HttpRequest, message_id: str) -> dict[str, Any]:
    """Send a dead letter (or a message the peer refused) again: the same signed bytes."""
    return _message(actions.resend(actor=actor(request), pk=message_id))


def _deadline(m: Message) -> str | None:
    state = m.deadline()
    return state.value if state else None
