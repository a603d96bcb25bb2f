"""Witnessing other nodes' checkpoints (decision 0027): the inbox handler that keeps a
checkpoint a peer sends, and the answer to a peer asking for the checkpoints kept for it.

A checkpoint is kept only when the sending peer's key (from the directory) verifies it, it is
the peer's own, and it fits what is held: a number already held with other content is
refused (two histories), and so is a count lower than an earlier checkpoint's or higher than a
later one's. A restore marker (the peer restored a backup) comes the same way and may sign
fewer rows than the entry before it, which starts the count again: it is kept only when the
entry it names as superseded is the one held with that number (or none is held yet), and the
counts must not go down again after it. The refusal goes back in the signed receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.domain.audit_checkpoints import (
    RESTORE_TYPE,
    Entry,
    RestoreMarker,
    Superseded,
    parse_entry,
)
from fourpillars.domain.errors import DomainValidationError
from fourpillars.domain.exchange.content import AuditCheckpoint, parse_payload
from fourpillars.domain.exchange.envelope import Envelope, MessageType
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.exchange.models import Message, Peer, PeerKey, WitnessedCheckpoint
from fourpillars.services import audit
from fourpillars.services.exchange import inbox, node, signing

from .witnesses import ANSWER_TYPE, REQUEST_TYPE

FIELD = "payload.checkpoint"
FRESH = dt.timedelta(minutes=5)


def _refuse(message: str) -> DomainValidationError:
    return DomainValidationError.single(FIELD, message)


@inbox.handler(MessageType.AUDIT_CHECKPOINT)
def witness(message: Message, envelope: Envelope) -> None:
    """Keep a peer's checkpoint (in the inbox's transaction); DomainValidationError refuses."""
    content = parse_payload(MessageType.AUDIT_CHECKPOINT, envelope.payload)
    assert isinstance(content, AuditCheckpoint)
    jws = content.checkpoint
    try:
        unverified = signing.split(jws)
    except signing.BadJws as exc:
        raise _refuse(str(exc)) from None
    key = PeerKey.objects.filter(peer=message.peer, kid=unverified.kid).first()
    if key is None or not signing.verify(jws, signing.import_public(key.public_jwk)):
        raise _refuse(f"not signed by a key of {envelope.sender} in this node's directory")
    try:
        checkpoint = parse_entry(unverified.payload)
    except DomainValidationError as exc:
        raise exc.prefixed(FIELD) from None
    if checkpoint.node != envelope.sender:
        raise _refuse(f"a checkpoint of {checkpoint.node}, sent by {envelope.sender}")
    assert message.peer is not None
    held = WitnessedCheckpoint.objects.filter(peer=message.peer)
    same = held.filter(seq=checkpoint.seq).first()
    if same is not None:
        if same.jws == jws:
            return
        raise _refuse(f"another checkpoint {checkpoint.seq} of {checkpoint.node} is held already")
    _fits(checkpoint, held)
    WitnessedCheckpoint.objects.create(
        peer=message.peer,
        seq=checkpoint.seq,
        count=checkpoint.count,
        head=checkpoint.head,
        signed_at=checkpoint.at,
        jws=jws,
        message=message,
        kind=checkpoint.to_payload()["type"],
    )


def _fits(entry: Entry, held: QuerySet[WitnessedCheckpoint]) -> None:
    """DomainValidationError unless ``entry`` fits the entries held: within the stretch
    between two restore markers the counts never go down, and a marker follows the entry
    held just before it (and the entry held just after a marker is the one it follows)."""
    markers = held.filter(kind=RESTORE_TYPE)
    start = markers.filter(seq__lt=entry.seq).aggregate(n=Max("seq"))["n"] or 0
    end = markers.filter(seq__gt=entry.seq).aggregate(n=Min("seq"))["n"]
    if isinstance(entry, RestoreMarker):
        before = held.filter(seq=entry.seq - 1).first()
        if before is not None and entry.supersedes != Superseded(
            before.seq, before.count, before.head
        ):
            raise _refuse(f"it does not supersede checkpoint {before.seq} as held")
    elif held.filter(seq__gte=start, seq__lt=entry.seq, count__gt=entry.count).exists():
        raise _refuse("it signs fewer rows than an earlier checkpoint held")
    after = held.filter(seq__gt=entry.seq)
    if end is not None:
        after = after.filter(seq__lt=end)
    if after.filter(count__lt=entry.count).exists():
        raise _refuse("it signs more rows than a later checkpoint held")
    if end == entry.seq + 1:
        marker = parse_entry(signing.split(markers.get(seq=end).jws).payload)
        if isinstance(marker, RestoreMarker) and not marker.follows(entry):
            raise _refuse(
                f"the restore marker {end} held supersedes another checkpoint {entry.seq}"
            )


class _Refused(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def _asking_peer(raw: str) -> tuple[Peer, dict[str, Any]]:
    """The peer that signed the request, and the request; _Refused with the reason."""
    try:
        unverified = signing.split(raw)
    except signing.BadJws as exc:
        raise _Refused(400, "malformed", str(exc)) from None
    data = unverified.payload
    if data.get("type") != REQUEST_TYPE:
        raise _Refused(400, "malformed", f"type must be {REQUEST_TYPE}")
    peer = Peer.objects.filter(country=str(data.get("node"))).first()
    if peer is None:
        raise _Refused(403, "unknown_sender", f"node {data.get('node')!r}")
    key = PeerKey.objects.filter(peer=peer, kid=unverified.kid).first()
    if key is None:
        raise _Refused(403, "unknown_key", f"key id {unverified.kid!r}")
    if not signing.verify(raw, signing.import_public(key.public_jwk)):
        raise _Refused(401, "bad_signature", "")
    if peer.status != PeerStatus.ACTIVE.value:
        raise _Refused(403, "suspended_peer", f"{peer.country} is suspended")
    if data.get("witness") != node.identity().country:
        raise _Refused(421, "wrong_receiver", f"addressed to {data.get('witness')!r}")
    try:
        created = dt.datetime.fromisoformat(str(data.get("created")))
    except ValueError:
        raise _Refused(400, "malformed", "created must be an ISO 8601 time") from None
    if created.tzinfo is None or abs(timezone.now() - created) > FRESH:
        raise _Refused(422, "expired", "the request must be made within five minutes")
    return peer, data


def give_back(raw: str) -> tuple[int, dict[str, Any]]:
    """Answer a peer's signed request for the checkpoints this node holds for it: an HTTP
    status and a JSON body whose ``answer`` is a JWS signed by this node over the list and the
    request's digest. Every answer is audited."""
    try:
        peer, _ = _asking_peer(raw)
    except _Refused as refused:
        return refused.status, {"error": {"code": refused.code, "detail": refused.detail}}
    held = list(
        WitnessedCheckpoint.objects.filter(peer=peer).order_by("seq").values_list("jws", flat=True)
    )
    answer, _ = node.sign(
        {
            "type": ANSWER_TYPE,
            "node": peer.country,
            "witness": node.identity().country,
            "for_request": signing.sha256(raw),
            "issued_at": timezone.now().isoformat(),
            "checkpoints": held,
        }
    )
    with transaction.atomic():
        audit.record(
            actor=None,
            operation=Operation.DISCLOSURE,
            action="give_witnessed_checkpoints",
            target=audit.Target("audit_checkpoints", peer.country),
            recipients=[peer.country],
            after={"checkpoints": len(held)},
        )
    return 200, {"answer": answer}
