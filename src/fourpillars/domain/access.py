"""Need-to-know access policy ([MAPPA-G] ch.9; [CJA-2003] s.325(4)), as pure functions.

The database query that fetches cases mirrors ``can_view_case`` exactly; the tests hold the two
together. Missing and hidden are the same to the caller: a refusal is never distinguishable
from "not found".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .agencies import CASE_MANAGER_ROLES, Role


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their role, agency and area (ids are opaque)."""

    role: Role
    agency_id: int | None
    area_id: int | None


@dataclass(frozen=True)
class Share:
    agency_id: int
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    def active(self, now: dt.datetime) -> bool:
        """A share grants access until revoked or until its expiry passes."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class CaseFacts:
    lead_agency_id: int
    area_id: int
    shares: tuple[Share, ...] = field(default_factory=tuple)


def can_view_case(viewer: Viewer, case: CaseFacts, now: dt.datetime) -> bool:
    """[MAPPA-G] ch.9 need to know: the area co-ordinator sees every case in the area;
    anyone else only while their agency leads the case or holds an active share. Roles give
    no access of their own (administrators and auditors are granted like anyone else)."""
    if viewer.role is Role.COORDINATOR and viewer.area_id == case.area_id:
        return True
    if viewer.agency_id is None:
        return False
    if viewer.agency_id == case.lead_agency_id:
        return True
    return any(s.agency_id == viewer.agency_id and s.active(now) for s in case.shares)


def can_manage_case(viewer: Viewer, case: CaseFacts) -> bool:
    """Editing, sharing and closing: the area co-ordinator, or a case manager of the lead agency."""
    if viewer.role is Role.COORDINATOR and viewer.area_id == case.area_id:
        return True
    return viewer.role in CASE_MANAGER_ROLES and viewer.agency_id == case.lead_agency_id


def can_register_cases(viewer: Viewer) -> bool:
    """Registering people and cases is for the Responsible Authority and the co-ordinator."""
    return viewer.role is Role.COORDINATOR or viewer.role in CASE_MANAGER_ROLES


def needs_justification(viewer: Viewer, case: CaseFacts) -> bool:
    """DPA 2018 s.62: consultation by anyone outside the lead agency records why."""
    return viewer.agency_id != case.lead_agency_id


def can_read_audit(viewer: Viewer) -> bool:
    return viewer.role is Role.AUDITOR


def can_administer(viewer: Viewer) -> bool:
    return viewer.role is Role.ADMINISTRATOR
