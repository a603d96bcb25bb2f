"""The keys a checkpoint is signed and checked with (decision 0027): the node's Ed25519 key
(``services.exchange.node``), read from the key files outside the database.

Checking uses only the files: the private keys present and a public key file kept beside them
for every key that signed a checkpoint (``<kid>.pub.jwk``; kept when the key is retired and its
private file deleted). So someone who can change the database but not those files cannot add
a key of their own and sign checkpoints with it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from joserfc.jwk import OKPKey

from fourpillars.domain.audit_checkpoints import Entry, parse_entry
from fourpillars.domain.errors import DomainValidationError
from fourpillars.exchange.models import NodeKey
from fourpillars.services.exchange import node, signing

PUBLIC_SUFFIX = ".pub.jwk"


def keep_public(row: NodeKey) -> None:
    """Write the public half of ``row`` beside its private file, once."""
    path = node.key_dir() / f"{row.kid}{PUBLIC_SUFFIX}"
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it a moment ago
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(dict(row.public_jwk), fh, sort_keys=True)


def on_file() -> dict[str, OKPKey]:
    """Every key id with a public key in the key folder: public key files, and the public half
    of each private key present."""
    folder = node.key_dir()
    found: dict[str, OKPKey] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob(f"*{PUBLIC_SUFFIX}")):
        try:
            found[path.name[: -len(PUBLIC_SUFFIX)]] = signing.import_public(
                json.loads(path.read_text(encoding="utf-8"))
            )
        except (ValueError, signing.BadJws):
            continue
    for path in sorted(folder.glob("*.pem")):
        try:
            key = OKPKey.import_key(path.read_bytes())
        except ValueError:
            continue
        found.setdefault(path.stem, key)
    return found


@dataclass(frozen=True)
class Read:
    """A checkpoint or restore marker read from its JWS: what it says (None when it cannot be
    read at all), whether the signature verified, and why not."""

    checkpoint: Entry | None
    signed: bool
    detail: str = ""


def read(jws: str, keys: dict[str, OKPKey]) -> Read:
    """Read a signed checkpoint or restore marker and check its signature against ``keys``."""
    try:
        unverified = signing.split(jws)
        checkpoint = parse_entry(unverified.payload)
    except (signing.BadJws, DomainValidationError) as exc:
        return Read(None, False, str(exc))
    key = keys.get(unverified.kid)
    if key is None:
        return Read(checkpoint, False, f"key {unverified.kid[:16]} is not in the key folder")
    if not signing.verify(jws, key):
        return Read(checkpoint, False, "the signature does not match the content")
    return Read(checkpoint, True)
