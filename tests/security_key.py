"""A software security key for tests without a browser: it answers the options the server
gives ``navigator.credentials.create`` and ``.get`` as a browser and a key would (W3C
WebAuthn Level 3: client data, authenticator data, a "none" attestation, an ES256 signature
with its own P-256 key), so that the server's checks (py_webauthn) run for real on what it
makes. Each answer can be spoilt on purpose: another origin, another site's id, a counter
gone backwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from fourpillars.accounts.models import User
from fourpillars.services.accounts import security_keys

ORIGIN = "http://localhost:8000"  # the settings' default origin and relying party id
RP_ID = "localhost"
USER_PRESENT, USER_VERIFIED, ATTESTED = 0x01, 0x04, 0x40


def b64(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@dataclass
class SoftwareKey:
    origin: str = ORIGIN
    rp_id: str = RP_ID
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    private_key: ec.EllipticCurvePrivateKey = field(default_factory=_private_key)
    sign_count: int = 0

    def _client_data(self, kind: str, options: dict[str, Any]) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": options["challenge"],
                "origin": self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _authenticator_data(self, flags: int, extra: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + extra

    def _cose_public_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def created(self, options: dict[str, Any]) -> dict[str, Any]:
        """What the browser posts after ``navigator.credentials.create(options)``."""
        attested = (
            bytes(16)  # AAGUID: none given
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_public_key()
        )
        data = self._authenticator_data(USER_PRESENT | USER_VERIFIED | ATTESTED, attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": data})
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(self._client_data("webauthn.create", options)),
                "attestationObject": b64(attestation),
                "transports": ["usb"],
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "cross-platform",
        }

    def asserted(self, options: dict[str, Any], *, count: int | None = None) -> dict[str, Any]:
        """What the browser posts after ``navigator.credentials.get(options)``: the challenge
        signed, the counter one on (or ``count``)."""
        self.sign_count = self.sign_count + 1 if count is None else count
        client_data = self._client_data("webauthn.get", options)
        data = self._authenticator_data(USER_PRESENT)
        signed = data + hashlib.sha256(client_data).digest()
        signature = self.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(data),
                "signature": b64(signature),
            },
            "clientExtensionResults": {},
        }


def add_software_key(user: User, name: str = "Blue key") -> tuple[SoftwareKey, int]:
    """A software key added to ``user``'s account through the service; the key and its id."""
    key = SoftwareKey()
    ceremony = security_keys.begin_adding(user=user, name=name)
    added = security_keys.add_key(
        user=user, state=ceremony.state, answer=key.created(ceremony.options)
    )
    return key, int(added.key.pk)
