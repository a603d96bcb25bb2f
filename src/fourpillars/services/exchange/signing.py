"""Signing and verifying with Ed25519 as JWS compact serialisations (RFC 7515, RFC 8037
"EdDSA"; joserfc, decision 0020). No database here: keys in, bytes out."""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

ALG = "EdDSA"
# RFC 9864 prefers the fully specified "Ed25519" name; joserfc warns on "EdDSA", which RFC 8037
# defines and every JOSE library still reads. Decision 0020: we sign with "EdDSA".
warnings.filterwarnings("ignore", message="EdDSA is deprecated", module="joserfc")


class BadJws(Exception):
    """Not a JWS compact serialisation this node can read (names what is wrong)."""


@dataclass(frozen=True)
class Unverified:
    """A JWS split into its protected header and decoded JSON payload, not yet verified."""

    kid: str
    payload: dict[str, Any]


def generate() -> OKPKey:
    """A new Ed25519 key pair."""
    return OKPKey.generate_key("Ed25519")


def kid_of(key: OKPKey) -> str:
    """The key id: the RFC 7638 thumbprint of the public key (the same on every node)."""
    return str(key.thumbprint())


def public_jwk(key: OKPKey, kid: str) -> dict[str, Any]:
    """The public half as a JWK with its id, for the JWKS."""
    data = dict(key.as_dict(private=False))
    data.update({"kid": kid, "alg": ALG, "use": "sig"})
    return data


def import_public(jwk_data: dict[str, Any]) -> OKPKey:
    """A public key from its JWK; BadJws unless it is an Ed25519 OKP key.

    Imported once per process for each distinct key (a key is only its public point ``x``:
    the same JWK always gives the same key, so the cache needs no invalidation); the inbox
    verifies every message and the sender every receipt with these (decision 0026)."""
    if jwk_data.get("kty") != "OKP" or jwk_data.get("crv") != "Ed25519":
        raise BadJws("the key is not an Ed25519 key (kty OKP, crv Ed25519)")
    x = jwk_data.get("x")
    if not isinstance(x, str):
        raise BadJws("the key cannot be read: no public point (x)")
    return _public(x)


@functools.lru_cache(maxsize=1024)
def _public(x: str) -> OKPKey:
    try:
        return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": x})
    except (JoseError, ValueError) as exc:
        raise BadJws(f"the key cannot be read: {exc}") from None


def canonical(data: dict[str, Any]) -> bytes:
    """The JSON bytes that are signed (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(data: dict[str, Any], key: OKPKey, kid: str) -> str:
    """``data`` as a compact JWS signed with ``key``, its id in the protected header."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(
            jws.serialize_compact({"alg": ALG, "kid": kid}, canonical(data), key, algorithms=[ALG])
        )


def split(raw: str) -> Unverified:
    """Read the header and payload of a compact JWS without verifying it."""
    try:
        obj = jws.extract_compact(raw.encode("ascii"))
        headers = obj.headers()
        payload = json.loads(obj.payload)
    except (JoseError, ValueError, UnicodeError) as exc:
        raise BadJws(f"not a JWS compact serialisation: {exc}") from None
    if headers.get("alg") != ALG:
        raise BadJws(f"the algorithm must be {ALG}")
    kid = headers.get("kid")
    if not isinstance(kid, str) or not kid:
        raise BadJws("the protected header names no key id (kid)")
    if not isinstance(payload, dict):
        raise BadJws("the payload is not a JSON object")
    return Unverified(kid, payload)


def verify(raw: str, key: OKPKey) -> bool:
    """Whether ``raw`` is signed by ``key`` (any change to header or payload fails)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            jws.deserialize_compact(raw.encode("ascii"), key, algorithms=[ALG])
    except (JoseError, ValueError, UnicodeError):
        return False
    return True


def sha256(raw: str) -> str:
    """The SHA-256 of the JWS as sent (hex): what a receipt names."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
