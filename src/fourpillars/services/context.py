"""Per-request context the services read: request id and channel (web, api, cli)."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_channel: contextvars.ContextVar[str] = contextvars.ContextVar("channel", default="cli")


def request_id() -> str:
    return _request_id.get() or ""


def channel() -> str:
    return _channel.get()


@contextmanager
def request_context(channel_name: str, rid: str | None = None) -> Iterator[str]:
    """Bind a request id and channel for the duration of one request or command."""
    rid = rid or uuid.uuid4().hex
    t1 = _request_id.set(rid)
    t2 = _channel.set(channel_name)
    try:
        yield rid
    finally:
        _request_id.reset(t1)
        _channel.reset(t2)
