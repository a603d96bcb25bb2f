"""People and agencies by name: what a page shows where a record holds a username or an
agency's code (audit rows keep the username and the agency codes as they were written, plan
acknowledgements keep who gave them). One query for the people on a page, one for the
agencies; never a query per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fourpillars.accounts.models import Agency, User


@dataclass(frozen=True)
class Names:
    """Full names by username and agency names by code, for one page."""

    people: Mapping[str, str] = field(default_factory=dict)
    agencies: Mapping[str, str] = field(default_factory=dict)

    def person(self, username: object) -> str:
        """The person's full name; the username only when no name is held (a system row,
        an account since deleted)."""
        text = str(username or "")
        return self.people.get(text) or text

    def agency(self, code: object) -> str:
        text = str(code or "")
        return self.agencies.get(text) or text


def full_names(usernames: Iterable[str]) -> dict[str, str]:
    """The full name of each username that has one (one query, made even for none, so that
    a page's query count does not depend on what it shows)."""
    wanted = sorted({u for u in usernames if u}) or [""]
    rows = User.objects.filter(username__in=wanted).values_list(
        "username", "first_name", "last_name"
    )
    return {u: f"{first} {last}".strip() for u, first, last in rows if (first or last)}


def agency_names() -> dict[str, str]:
    """Every agency's name by its code (reference data: tens of rows, one query)."""
    return dict(Agency.objects.values_list("code", "name"))


def names_for(usernames: Iterable[str]) -> Names:
    """The names behind the usernames on a page, and every agency's: two queries."""
    return Names(full_names(usernames), agency_names())
