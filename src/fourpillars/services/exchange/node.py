"""This node's identity and signing keys (decision 0020).

The country, name and central authority come from settings. Private Ed25519 keys are PEM files
under ``FOURPILLARS_NODE_KEY_DIR`` (mode 0600, never in the database or the repository), named
by key id; ``NodeKey`` rows hold the public half. The newest key not retired signs. Rotating
makes a new key, retires the old one and deletes its private file: the old public key stays
published in the JWKS, so the signatures it made stay verifiable by every peer.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from joserfc.jwk import OKPKey

from fourpillars.db import sql_rows
from fourpillars.domain.audit import Operation
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.exchange.models import NodeKey
from fourpillars.services import audit

from . import signing
from .operators import require_operator

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


@dataclass(frozen=True)
class Identity:
    """Who this node is, as settings say."""

    country: str
    name: str
    central_authority: str


def identity() -> Identity:
    return Identity(
        settings.FOURPILLARS_NODE_COUNTRY,
        settings.FOURPILLARS_NODE_NAME,
        settings.FOURPILLARS_NODE_AUTHORITY or settings.FOURPILLARS_NODE_NAME,
    )


def key_dir() -> Path:
    return Path(settings.FOURPILLARS_NODE_KEY_DIR)


def _key_path(kid: str) -> Path:
    return key_dir() / f"{kid}.pem"


def _write_private(key: OKPKey, kid: str) -> None:
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = _key_path(kid)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.as_pem(private=True))


def current_key() -> NodeKey | None:
    """The key that signs now: the newest not retired whose private file is present."""
    for row in NodeKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-id"):
        if _key_path(row.kid).exists():
            return row
    return None


# The key ids not retired, newest first: read on every signature (each message sent, each
# receipt given), so a rotation by any process is seen at once; by hand, as the ORM's
# compile costs more than the read (decision 0026).
_LIVE_KIDS = (
    f"SELECT kid FROM {NodeKey._meta.db_table} WHERE retired_at IS NULL "  # noqa: S608
    "ORDER BY created_at DESC, id DESC"
)


def _signer() -> tuple[str, OKPKey] | None:
    """The current key's id and private key, or None when there is none yet."""
    for (kid,) in sql_rows.rows(_LIVE_KIDS, []):
        path = _key_path(kid)
        try:
            stamp = path.stat().st_mtime_ns
        except FileNotFoundError:
            continue
        return kid, _private_from(str(path), stamp)
    return None


@functools.lru_cache(maxsize=16)
def _private_from(path: str, stamp: int) -> OKPKey:
    """The private key in ``path`` as it was at ``stamp`` (its mtime): parsed once, not on
    every signature; a file written again is read again."""
    return OKPKey.import_key(Path(path).read_bytes())


def _new_key(actor: User | None, action: str) -> NodeKey:
    key = signing.generate()
    kid = signing.kid_of(key)
    _write_private(key, kid)
    row = NodeKey.objects.create(kid=kid, public_jwk=signing.public_jwk(key, kid))
    audit.record(
        actor=actor,
        operation=Operation.COLLECTION,
        action=action,
        target=audit.Target("node_key", kid[:40]),  # the column holds 40; kid in full below
        after={"kid": kid, "country": identity().country},
    )
    return row


def ensure_key(*, actor: User | None = None) -> NodeKey:
    """The signing key, made on first use (by ``fourpillars node keys``, the demo or the first
    message sent)."""
    with transaction.atomic():
        found = current_key()
        return found if found is not None else _new_key(actor, "create_node_key")


def rotate_key(*, actor: User | None) -> NodeKey:
    """A new signing key; the old ones are retired (their private files deleted, their public
    keys kept in the JWKS so old signatures stay verifiable). Operator only; audited."""
    require_operator(actor)
    with transaction.atomic():
        old = list(NodeKey.objects.select_for_update().filter(retired_at__isnull=True))
        now = timezone.now()
        NodeKey.objects.filter(pk__in=[k.pk for k in old]).update(retired_at=now)
        row = _new_key(actor, "rotate_node_key")
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="retire_node_key",
            target=audit.Target("node_key", ",".join(k.kid for k in old)[:40]),
            before={"kids": [k.kid for k in old]},
            after={"retired_at": now.isoformat(), "new_kid": row.kid},
        )
        transaction.on_commit(lambda: _forget_private([k.kid for k in old]))
        transaction.on_commit(_signers.clear)
    return row


def _forget_private(kids: list[str]) -> None:
    for kid in kids:
        _key_path(kid).unlink(missing_ok=True)


def private_key(row: NodeKey) -> OKPKey:
    """The private key of ``row`` from its file."""
    return OKPKey.import_key(_key_path(row.kid).read_bytes())


@dataclass(frozen=True)
class Signer:
    """The current signing key as read once: what signs the receipts of one post."""

    kid: str
    key: OKPKey

    def sign(self, data: dict[str, Any]) -> str:
        return signing.sign(data, self.key, self.kid)


# The signer last read outside any transaction (so from committed rows), by key directory,
# with when it was read: used again for SIGNER_SECONDS while its private file is there. A
# rotation in any process deletes the old key's file at commit, so it is seen at the next
# signature all the same; the time limit covers the rest (a file that could not be deleted, a
# database restored under a running process). Saves a query a message (decision 0026).
SIGNER_SECONDS = 1.0
_signers: dict[str, tuple[float, Signer]] = {}


def signer() -> Signer:
    """The current key (made if there is none)."""
    where = str(key_dir())
    seen = _signers.get(where)
    if (
        seen is not None
        and time.monotonic() - seen[0] < SIGNER_SECONDS
        and _key_path(seen[1].kid).exists()
    ):
        return seen[1]
    found = _signer()
    if found is None:
        row = ensure_key()
        found = row.kid, private_key(row)
    now = Signer(*found)
    if not connection.in_atomic_block:  # a key made in a transaction may yet be rolled back
        _signers[where] = (time.monotonic(), now)
    return now


def sign(data: dict[str, Any]) -> tuple[str, str]:
    """``data`` signed with the current key (made if there is none): (JWS, kid)."""
    now = signer()
    return now.sign(data), now.kid


def jwks() -> dict[str, Any]:
    """Every public key this node has signed with, newest first (RFC 7517 JWK Set)."""
    return {"keys": [dict(k.public_jwk) for k in NodeKey.objects.order_by("-created_at", "-id")]}


def own_key(kid: str) -> OKPKey | None:
    row = NodeKey.objects.filter(kid=kid).first()
    return signing.import_public(row.public_jwk) if row else None


def inbox_url() -> str:
    """Where peers post to this node: ``FOURPILLARS_SITE_URL`` + ``/exchange/inbox/``."""
    return f"{settings.FOURPILLARS_SITE_URL}/exchange/inbox/"


def introduction() -> dict[str, Any]:
    """What ``GET /exchange/node.json`` publishes: who this node is, its inbox, its JWKS."""
    me = identity()
    ensure_key()
    return {
        "country": me.country,
        "name": me.name,
        "central_authority": me.central_authority,
        "inbox_url": inbox_url(),
        "status": PeerStatus.ACTIVE.value,
        "jwks": jwks(),
    }
