"""Sending received-information messages into this node's inbox from a foreign test node."""

from __future__ import annotations

from typing import Any

from fourpillars.services.exchange import inbox

from .nodes import ForeignNode


def deliver(
    node: ForeignNode,
    type: str,
    payload: dict[str, Any],
    *,
    purpose: str = "criminal_proceedings",
    in_reply_to: str | None = None,
    message_id: str | None = None,
) -> tuple[inbox.Answer, str, str]:
    """Sign and receive one message; the answer, its message id and the raw JWS."""
    data = node.envelope(type=type, payload=payload, purpose=purpose, in_reply_to=in_reply_to)
    if message_id:
        data["message_id"] = message_id
    raw = node.sign(data)
    return inbox.receive(raw), data["message_id"], raw
