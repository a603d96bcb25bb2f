"""Receiving messages from peer nodes (issue 13, decision 0020): the handler registry, and
``receive``, which verifies, stores and applies one message and answers with a signed receipt.

A feature registers what to do with a message type with ``@handler(MessageType.X)``; the
function ``fn(message, envelope)`` runs inside the inbox's one transaction after the signature
is verified and the message stored. Raising DomainValidationError refuses the message: an
error receipt is sent back and nothing the handler did is kept. Handlers are imported by
``services/exchange/handlers.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from fourpillars.domain.exchange.envelope import Envelope, MessageType
from fourpillars.exchange.models import Message

Handler = Callable[[Message, Envelope], None]
_HANDLERS: dict[MessageType, Handler] = {}


def handler(type: MessageType) -> Callable[[Handler], Handler]:
    """Register ``fn`` as what applies incoming messages of ``type`` (one per type)."""

    def register(fn: Handler) -> Handler:
        existing = _HANDLERS.get(MessageType(type))
        if existing is not None and existing is not fn:
            raise RuntimeError(f"a handler for {type} is registered already: {existing!r}")
        _HANDLERS[MessageType(type)] = fn
        return fn

    return register


def handler_for(type: MessageType | str) -> Handler | None:
    """The registered handler of ``type`` (after importing every feature's handlers)."""
    from . import handlers  # noqa: F401  (registers the features' handlers)

    return _HANDLERS.get(MessageType(type))
