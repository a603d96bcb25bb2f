"""Who runs this node's exchange (decision 0020): ``OPERATE_EXCHANGE`` in the policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fourpillars.domain.access import Permission
from fourpillars.services import context
from fourpillars.services.access import require

if TYPE_CHECKING:
    from fourpillars.accounts.models import User


def require_operator(actor: User | None) -> None:
    """Forbidden unless ``actor`` runs this node's exchange. Without an actor the caller is the
    installation's own operator at the command line (``fourpillars node ...``), as with every
    CLI command; never a web or API request."""
    if actor is None and context.channel() in ("cli", "worker"):
        return
    require(actor, Permission.OPERATE_EXCHANGE)
