"""The directory of peer nodes (decision 0020): adding a peer from its introduction document
(``GET /exchange/node.json``: country, name, central authority, inbox URL, JWKS), learning its
new keys, suspending and reactivating it. The node's operator only; each change audited.

A peer's keys are only ever added: a key it retired stays, so the messages and receipts it
signed with it stay verifiable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fourpillars.domain.audit import Operation
from fourpillars.domain.errors import Collector, DomainValidationError
from fourpillars.domain.exchange.envelope import COUNTRY
from fourpillars.domain.exchange.transport import PeerStatus
from fourpillars.exchange.models import Peer, PeerKey
from fourpillars.services import audit
from fourpillars.services.errors import NotFound

from . import node, signing
from .operators import require_operator

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def fetch_introduction(url: str) -> dict[str, Any]:
    """A peer's introduction document from ``url``; DomainValidationError on ``url`` when it
    cannot be read."""
    if not url.startswith(("http://", "https://")):
        raise DomainValidationError.single("url", "must start with http:// or https://")
    try:
        response = httpx.get(url, timeout=settings.FOURPILLARS_EXCHANGE_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise DomainValidationError.single("url", f"could not be read: {exc}") from None
    if not isinstance(data, dict):
        raise DomainValidationError.single("url", "did not give a JSON object")
    return data


def _keys(jwks: object, errors: Collector) -> list[dict[str, Any]]:
    keys = jwks.get("keys") if isinstance(jwks, Mapping) else None
    if not isinstance(keys, list) or not keys:
        errors.add("jwks", "must be a JWK Set with at least one key")
        return []
    found = []
    for i, key in enumerate(keys):
        if not isinstance(key, Mapping) or not isinstance(key.get("kid"), str):
            errors.add(f"jwks.keys.{i}", "must be a JWK with its key id (kid)")
            continue
        try:
            signing.import_public(dict(key))
        except signing.BadJws as exc:
            errors.add(f"jwks.keys.{i}", str(exc))
            continue
        found.append(dict(key))
    return found


def parse_introduction(data: Mapping[str, Any]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The peer's fields and public keys from its introduction; errors name each bad field."""
    errors = Collector()
    country = str(data.get("country") or "")
    if not COUNTRY.match(country):
        errors.add("country", "must be a two-letter country code in capitals, such as NL")
    elif country == node.identity().country:
        errors.add("country", "is this node's own country")
    name = str(data.get("name") or "").strip()
    if not name:
        errors.add("name", "is required")
    inbox = str(data.get("inbox_url") or "")
    if not inbox.startswith(("http://", "https://")):
        errors.add("inbox_url", "must be an http:// or https:// address")
    keys = _keys(data.get("jwks"), errors)
    errors.raise_if_any()
    fields = {
        "country": country,
        "name": name[:200],
        "central_authority": str(data.get("central_authority") or "")[:300],
        "inbox_url": inbox[:500],
    }
    return fields, keys


def add_peer(*, actor: User | None, introduction: Mapping[str, Any]) -> Peer:
    """Add a peer from its introduction, or update it and learn its new keys (a peer's old keys
    are kept). Operator only; audited."""
    require_operator(actor)
    fields, keys = parse_introduction(introduction)
    with transaction.atomic():
        peer = Peer.objects.select_for_update().filter(country=fields["country"]).first()
        before = None
        if peer is None:
            peer = Peer.objects.create(**fields)
        else:
            before = {k: getattr(peer, k) for k in fields}
            for k, v in fields.items():
                setattr(peer, k, v)
            peer.save(update_fields=[k for k in fields if k != "country"])
        known = set(peer.keys.values_list("kid", flat=True))
        added = [k["kid"] for k in keys if k["kid"] not in known]
        PeerKey.objects.bulk_create(
            [PeerKey(peer=peer, kid=k["kid"], public_jwk=k) for k in keys if k["kid"] in added]
        )
        audit.record(
            actor=actor,
            operation=Operation.COLLECTION if before is None else Operation.ALTERATION,
            action="add_exchange_peer" if before is None else "update_exchange_peer",
            target=audit.Target("exchange_peer", peer.country),
            before=before,
            after={**fields, "added_kids": added},
        )
    return peer


def add_peer_from_url(*, actor: User | None, url: str) -> Peer:
    """Fetch the peer's ``node.json`` from ``url`` and add or update it."""
    require_operator(actor)
    return add_peer(actor=actor, introduction=fetch_introduction(url))


def get_peer(country: object) -> Peer:
    peer = Peer.objects.filter(country=str(country).upper()[:2]).first()
    if peer is None:
        raise NotFound()
    return peer


def set_status(*, actor: User | None, country: object, status: PeerStatus) -> Peer:
    """Suspend a peer (its messages refused, ours to it held) or reactivate it; audited."""
    require_operator(actor)
    with transaction.atomic():
        peer = get_peer(country)
        before = peer.status
        peer.status = PeerStatus(status).value
        peer.status_changed_at = timezone.now()
        peer.save(update_fields=["status", "status_changed_at"])
        audit.record(
            actor=actor,
            operation=Operation.ALTERATION,
            action="suspend_exchange_peer"
            if status is PeerStatus.SUSPENDED
            else "reactivate_exchange_peer",
            target=audit.Target("exchange_peer", peer.country),
            before={"status": before},
            after={"status": peer.status},
        )
    return peer


def peers() -> list[Peer]:
    return list(Peer.objects.order_by("country"))
