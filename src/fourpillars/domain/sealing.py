"""Personal values in audit rows, sealed under the person's own key so that destroying the key
erases them from rows nobody may change ([DPA-2018] s.62 logs, s.39 storage limitation;
decision 0031).

A sealed value is a small versioned envelope, ``{"sealed": 1, "key": <key id>, "nonce": ...,
"data": ...}``: the value's canonical JSON encrypted with AES-256-GCM under the person's key,
its associated data naming the row's number, the field and the person, so that a sealed value
opens only where it was written. An envelope without ``data`` says the key was destroyed before
the row was written: there was nothing left to seal it with, and nothing was kept. The hash
chain covers the envelope as stored; opening or failing to open it changes nothing there.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .audit import canonical_json
from .dates import long_date

SEALED_VERSION = 1
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # GCM's standard nonce; random per value, never reused under one key
# The text fields a row seals are stored as the envelope's canonical JSON, which starts so (a
# clear justification starts with its purpose code).
SEALED_TEXT_PREFIX = '{"data":'
ERASED_PREFIX = '{"key":'

# What readers show once the key is gone, in place of every value it sealed.
REMOVED = "Removed: personal data erased under the retention decision of {day}"
REMOVED_UNDATED = "Removed: personal data erased under a retention decision"
UNREADABLE = "Sealed value that could not be opened with its key"


class SealError(Exception):
    """A sealed value that does not open with the key it names (altered, or the wrong key)."""


@dataclass(frozen=True)
class Envelope:
    """A sealed value as stored: the key's id and, while a value was sealed, the nonce and the
    ciphertext (with its tag), both base64."""

    key: int
    nonce: str = ""
    data: str = ""

    @property
    def erased(self) -> bool:
        """Written after the key was destroyed: no value was kept."""
        return not self.data

    def stored(self) -> dict[str, object]:
        if self.erased:
            return {"sealed": SEALED_VERSION, "key": self.key}
        return {"sealed": SEALED_VERSION, "key": self.key, "nonce": self.nonce, "data": self.data}


def new_key() -> bytes:
    """A random AES-256 key for one person."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def associated_data(seq: int, field: str, person_id: int) -> bytes:
    """What a sealed value is bound to: the row's number, the field and the person (a value
    copied into another row or field, or under another person's key, does not open)."""
    return f"fourpillars-audit/{SEALED_VERSION}/{seq}/{field}/{person_id}".encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def seal(
    value: object, *, key: bytes, key_id: int, aad: bytes, nonce: bytes | None = None
) -> Envelope:
    """``value`` (JSON: what the row would have held in clear) sealed under ``key``."""
    nonce = nonce if nonce is not None else os.urandom(NONCE_BYTES)
    plain = canonical_json(value).encode("utf-8")
    return Envelope(key_id, _b64(nonce), _b64(AESGCM(key).encrypt(nonce, plain, aad)))


def erased(key_id: int) -> Envelope:
    """The envelope written for a person whose key was already destroyed."""
    return Envelope(key_id)


def open_envelope(envelope: Envelope, *, key: bytes, aad: bytes) -> object:
    """The value sealed in ``envelope``; SealError when it does not open with ``key``."""
    try:
        nonce = base64.b64decode(envelope.nonce, validate=True)
        data = base64.b64decode(envelope.data, validate=True)
        return json.loads(AESGCM(key).decrypt(nonce, data, aad).decode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise SealError(str(exc) or "the value does not open with its key") from None


def envelope_of(value: object) -> Envelope | None:
    """The envelope a stored JSON value is, or None for a clear value (anything else)."""
    if not isinstance(value, Mapping) or value.get("sealed") != SEALED_VERSION:
        return None
    key = value.get("key")
    nonce, data = value.get("nonce", ""), value.get("data", "")
    if type(key) is not int or not isinstance(nonce, str) or not isinstance(data, str):
        return None
    if set(value) - {"sealed", "key", "nonce", "data"}:
        return None
    return Envelope(key, nonce, data)


def envelope_text(envelope: Envelope) -> str:
    """A sealed text field as stored: the envelope's canonical JSON."""
    return canonical_json(envelope.stored())


def envelope_of_text(text: str) -> Envelope | None:
    """The envelope a stored text field is, or None for clear text."""
    if not text.startswith((SEALED_TEXT_PREFIX, ERASED_PREFIX)):
        return None
    try:
        return envelope_of(json.loads(text))
    except ValueError:
        return None


def removed_text(destroyed_at: dt.datetime | dt.date | None) -> str:
    """The plain words readers show for a value whose key was destroyed."""
    if destroyed_at is None:
        return REMOVED_UNDATED
    return REMOVED.format(day=long_date(destroyed_at))
