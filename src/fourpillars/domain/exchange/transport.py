"""The transport's rules between national nodes (decision 0020; RFC 7515 JWS, RFC 8037 EdDSA):
which way a message goes, where it stands, when an incoming one is refused, and how long a
sender waits before trying again.

An incoming message is refused, and never applied, when its signature does not verify against
the sender's key in the directory, when the sender or key is unknown or the peer suspended,
when it is addressed to another node, when it was created too long ago or too far in the
future, when it cannot be read as an envelope, or when its message id was received before with
other content (a replay with changes). Each refusal has a code the receipt and the audit row
carry, and words for the operator.
"""

from __future__ import annotations

import datetime as dt
import random

from ..vocabulary import Vocabulary
from .deadlines import DeadlineState


class Direction(Vocabulary):
    """Which way a message went."""

    IN = "in", "Received"
    OUT = "out", "Sent"


class MessageStatus(Vocabulary):
    """Where a message stands. Outgoing: queued until the peer answers with a receipt,
    then delivered (accepted) or failed (refused); dead after the last attempt failed.
    Incoming: applied, or refused with the reason."""

    QUEUED = "queued", "Waiting to be sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Refused by the receiver"
    DEAD = "dead", "Not delivered (dead letter)"
    APPLIED = "applied", "Received and applied"
    REFUSED = "refused", "Refused"


class PeerStatus(Vocabulary):
    """Whether a peer's messages are accepted (and ours sent to it)."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class Refusal(Vocabulary):
    """Why an incoming message was refused (the code in the error answer and the receipt)."""

    MALFORMED = "malformed", "The message is not a signed envelope that can be read"
    BAD_SIGNATURE = "bad_signature", "The signature does not match the message (tampered)"
    UNKNOWN_SENDER = "unknown_sender", "The sender is not in this node's directory"
    UNKNOWN_KEY = "unknown_key", "The signing key is not known for this sender"
    SUSPENDED = "suspended_peer", "The sender is suspended in this node's directory"
    WRONG_RECEIVER = "wrong_receiver", "The message is addressed to another node"
    EXPIRED = "expired", "The message was created too long ago"
    FUTURE = "from_the_future", "The message was created too far in the future"
    REPLAY = "replay_with_changes", "A message with this id was received with other content"
    INVALID = "invalid_content", "The content was refused by the receiving service"


# How far ahead of our clock a sender's clock may run (clock skew), whatever the maximum age.
FUTURE_SKEW = dt.timedelta(minutes=5)


def freshness(created: dt.datetime, now: dt.datetime, max_age: dt.timedelta) -> Refusal | None:
    """A message older than ``max_age`` or created more than ``FUTURE_SKEW`` ahead is refused
    (a replay window bounded in time; decision 0020)."""
    if created < now - max_age:
        return Refusal.EXPIRED
    if created > now + FUTURE_SKEW:
        return Refusal.FUTURE
    return None


def backoff(
    attempts: int, base: dt.timedelta, cap: dt.timedelta, rng: random.Random | None = None
) -> dt.timedelta:
    """Exponential backoff with full jitter: a wait drawn between half and all of
    ``min(cap, base * 2**(attempts-1))``, so senders that failed together do not retry
    together."""
    ceiling = min(cap, base * (2 ** max(attempts - 1, 0)))
    share: float = (rng or random).uniform(0.5, 1.0)
    return dt.timedelta(seconds=ceiling.total_seconds() * share)


def on_time_percentage(deadlines: list[tuple[DeadlineState, bool]]) -> int | None:
    """The share of requests answered by their due date, among those answered or overdue
    (``(state, answered)`` pairs from ``deadlines.deadline_state``); None when there are none."""
    counted = [(s, a) for s, a in deadlines if a or s is DeadlineState.OVERDUE]
    if not counted:
        return None
    return round(100 * sum(a and s is DeadlineState.ON_TIME for s, a in counted) / len(counted))


# Replies that do not answer a request (they say it is late, received or could not be read).
_NOT_ANSWERS = {"acknowledgement", "delay_notice", "error"}


def answers(reply_type: str) -> bool:
    """Whether a reply of ``reply_type`` answers the request it replies to ([FD-2009-315]
    Art.8: a delay notice does not stop the clock's being counted)."""
    return reply_type not in _NOT_ANSWERS
