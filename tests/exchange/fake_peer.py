"""A peer's inbox faked at the sender's HTTP client, and one message queued: shared by the
outbox and sending tests."""

from __future__ import annotations

from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone

from fourpillars.domain.exchange.envelope import Envelope, MessageType, Purpose
from fourpillars.exchange.models import Message
from fourpillars.services.exchange import outbox, signing

from .nodes import ForeignNode


def enqueue_message(**kw: Any) -> Message:
    """One message queued to the Netherlands in its own transaction (a record request unless
    the test says otherwise)."""
    with transaction.atomic():
        return outbox.enqueue(
            actor=None,
            type=kw.pop("type", MessageType.RECORD_REQUEST),
            receiver=kw.pop("receiver", "NL"),
            purpose=Purpose.CRIMINAL_PROCEEDINGS,
            payload={"person": {"family_name": "Jansen"}},
            **kw,
        )


class FakePeer:
    """The peer's inbox as the sender's HTTP client sees it: answers each post with a receipt
    signed by the peer (or whatever a test asks for)."""

    def __init__(self, peer: ForeignNode) -> None:
        self.peer = peer
        self.posted: list[str] = []
        self.mode = "accept"

    def receipt(self, raw: str, status: str, error: dict[str, str] | None = None) -> str:
        data = Envelope.from_dict(signing.split(raw).payload)
        return self.peer.sign(
            {
                "type": "receipt",
                "for_message_id": data.message_id,
                "for_digest": signing.sha256(raw),
                "status": status,
                "applied_at": timezone.now().isoformat() if status == "accepted" else None,
                "error": error,
                "issuer": self.peer.country,
                "issued_at": timezone.now().isoformat(),
            }
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.content.decode()
        self.posted.append(raw)
        if self.mode == "down":
            raise httpx.ConnectError("connection refused")
        if self.mode == "refuse":
            error = {"code": "invalid_content", "message": "refused", "detail": "payload.x: bad"}
            receipt = self.receipt(raw, "refused", error)
            return httpx.Response(422, json={"accepted": False, "receipt": receipt})
        if self.mode == "forged":
            receipt = ForeignNode("NL").sign({"for_message_id": "x", "status": "accepted"})
            return httpx.Response(200, json={"accepted": True, "receipt": receipt})
        return httpx.Response(
            200, json={"accepted": True, "receipt": self.receipt(raw, "accepted")}
        )
