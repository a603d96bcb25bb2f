"""Errors that services raise and every adapter (web, API, CLI) maps the same way."""

from __future__ import annotations


class NotFound(Exception):
    """Missing or hidden: the caller cannot tell which (404 everywhere).

    ``hidden_case`` is set by the access-scoped fetches (``services.access``) when the record
    exists but its case is hidden from the caller, ``hidden_person`` when it is a person's
    record (the person, an address, a conviction) and none of the person's cases is visible:
    every adapter answers the same 404 and audits the refused consultation
    (``services.audit.refused_read``), which the caller never sees."""

    def __init__(
        self, *args: object, hidden_case: int | None = None, hidden_person: int | None = None
    ) -> None:
        super().__init__(*args)
        self.hidden_case = hidden_case
        self.hidden_person = hidden_person


# Primary keys are 64-bit signed integers on both databases; anything else names no record.
PK_MAX = 2**63 - 1


def record_pk(raw: object) -> int:
    """A record's primary key as a URL or a body gives it, or NotFound: anything that is not a
    whole number in the databases' range names no record (404, never a 500)."""
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < value <= PK_MAX:
        raise NotFound()
    return value


class Forbidden(Exception):
    """The record is visible but this action is not the caller's to take (403)."""


class JustificationRequired(Exception):
    """A consultation outside the lead agency needs a purpose code first (428 in the API)."""
