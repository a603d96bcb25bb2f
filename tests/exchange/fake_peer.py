"""A peer's inbox faked at the sender's HTTP client, and one message queued: shared by the
outbox and sending tests."""

from __future__ import annotations

import json
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
    """The peer's inbox as the sender's HTTP client sees it: answers each message (alone or
    several in a JSON list) with a receipt signed by the peer (or whatever a test asks for)."""

    def __init__(self, peer: ForeignNode) -> None:
        self.peer = peer
        self.posted: list[str] = []  # every message, as posted
        self.posts = 0  # HTTP posts (several messages may go in one)
        self.one_a_post = False  # True: reads one message a post (a node before decision 0026)
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
        self.posts += 1
        if self.mode == "down":
            raise httpx.ConnectError("connection refused")
        if request.headers.get("content-type") == "application/json":  # several in one post
            if self.one_a_post:  # as a node before batches: the list is a malformed message
                error = {"code": "malformed", "message": "not a JWS", "detail": ""}
                return httpx.Response(400, json={"accepted": False, "error": error})
            answers = []
            for raw in json.loads(request.content):
                body, status = self.answer(raw)
                answers.append({"status": status, **body})
            return httpx.Response(200, json={"answers": answers})
        body, status = self.answer(request.content.decode())
        return httpx.Response(status, json=body)

    def answer(self, raw: str) -> tuple[dict[str, Any], int]:
        self.posted.append(raw)
        if self.mode == "refuse":
            error = {"code": "invalid_content", "message": "refused", "detail": "payload.x: bad"}
            return {"accepted": False, "receipt": self.receipt(raw, "refused", error)}, 422
        if self.mode == "forged":
            receipt = ForeignNode("NL").sign({"for_message_id": "x", "status": "accepted"})
            return {"accepted": True, "receipt": receipt}, 200
        return {"accepted": True, "receipt": self.receipt(raw, "accepted")}, 200
