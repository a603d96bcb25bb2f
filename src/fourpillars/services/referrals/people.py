"""Who is told and who is shown: an area's MAPPA co-ordinators and how to reach them."""

from __future__ import annotations

from collections.abc import Iterable

from fourpillars.accounts.models import User
from fourpillars.domain.agencies import Role


def coordinators(area_ids: Iterable[int]) -> list[User]:
    """The active MAPPA co-ordinators of the areas, by name."""
    return list(
        User.objects.filter(
            role=Role.COORDINATOR.value, agency__area_id__in=list(area_ids), is_active=True
        ).order_by("last_name", "first_name", "id")
    )


def contact(user: User) -> str:
    """A person by name, with their agency and e-mail address where recorded."""
    name = user.get_full_name() or user.get_username()
    agency = f", {user.agency.name}" if user.agency is not None else ""
    email = f" ({user.email})" if user.email else ""
    return f"{name}{agency}{email}"
