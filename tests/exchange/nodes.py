"""A foreign node in a test: its own Ed25519 key, signing envelopes and receipts the way a
peer's Four Pillars would, without a database of its own."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from joserfc.jwk import OKPKey

from fourpillars.services.exchange import signing


@dataclass
class ForeignNode:
    country: str
    key: OKPKey = field(default_factory=signing.generate)

    @property
    def kid(self) -> str:
        return signing.kid_of(self.key)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [signing.public_jwk(self.key, self.kid)]}

    def introduction(self, inbox_url: str = "") -> dict[str, Any]:
        return {
            "country": self.country,
            "name": f"Node {self.country}",
            "central_authority": f"Central authority of {self.country}",
            "inbox_url": inbox_url or f"http://127.0.0.1:9/{self.country}/exchange/inbox/",
            "jwks": self.jwks(),
        }

    def envelope(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": str(uuid.uuid4()),
            "type": "acknowledgement",
            "sender": self.country,
            "receiver": "GB",
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "in_reply_to": None,
            "purpose": "criminal_proceedings",
            "payload": {"note": "test"},
        }
        data.update(overrides)
        return data

    def sign(self, data: dict[str, Any], key: OKPKey | None = None, kid: str = "") -> str:
        return signing.sign(data, key or self.key, kid or self.kid)
