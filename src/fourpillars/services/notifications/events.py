"""Telling people what happened on a case they work: a meeting they are invited to, minutes
circulated to their agency, a referral or a transfer to screen or its answer, a possible
duplicate to resolve (decision 0017).

``notify`` writes one notification per recipient in the caller's transaction (the caller
audits the change it notifies). A recipient who may not view the case is told nothing about
it: they are skipped, never sent its content ([MAPPA-G] ch.9 need to know). The e-mail copy
says only what kind of thing waits and where, never a name or a case's content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fourpillars.domain.access import Permission
from fourpillars.domain.agencies import Role
from fourpillars.domain.reminders import NotificationKind
from fourpillars.services.access import allowed, facts_for

from .writing import write_notification

if TYPE_CHECKING:
    from fourpillars.accounts.models import User
    from fourpillars.register.models import Case


def agency_members(agency_ids: Iterable[int]) -> list[User]:
    """The active users of these agencies (each once)."""
    from fourpillars.accounts.models import User

    wanted = sorted(set(agency_ids))
    return list(User.objects.filter(agency_id__in=wanted, is_active=True).order_by("pk"))


def area_coordinators(area_id: int | None) -> list[User]:
    """The active MAPPA co-ordinators of an area."""
    from fourpillars.accounts.models import User

    if area_id is None:
        return []
    return list(
        User.objects.filter(
            role=Role.COORDINATOR.value, agency__area_id=area_id, is_active=True
        ).order_by("pk")
    )


def notify(
    *,
    recipients: Iterable[User],
    kind: NotificationKind,
    subject: str,
    body: str,
    link: str = "",
    case: Case | None = None,
    skip: User | None = None,
) -> list[int]:
    """One notification for each recipient (once each, never ``skip``: the person who did
    it) who may view ``case`` when there is one; returns who was told. Runs inside the
    caller's transaction."""
    told: list[int] = []
    label = kind.label
    # The case as the policy sees it, read once (its shares), then asked for every recipient.
    facts = facts_for(case, Permission.VIEW_CASE) if case is not None else None
    for user in recipients:
        if user.pk in told or (skip is not None and user.pk == skip.pk):
            continue
        if facts is not None and not allowed(user, Permission.VIEW_CASE, facts):
            continue
        write_notification(
            recipient=user,
            kind=kind,
            subject=subject,
            body=body,
            link=link,
            case=case,
            email=(label, f"{label}. Sign in to Four Pillars to read it."),
        )
        told.append(user.pk)
    return told
