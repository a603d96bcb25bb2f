"""Cases between agencies and areas (decision 0018): referral to level 2 or 3 and its
screening (``screening``), transfer of a case to another area (``transfers``), a person who
appears in two areas at once (``duplicates``), and what of these waits for a user
(``waiting``).

Adapters import the module they need (``from fourpillars.services.referrals import
screening``). This ``__init__`` holds only the notification seam, ``notify``, and imports none
of the use cases: the person and case services call ``duplicates.detect`` while they are being
imported themselves, and the referral and transfer use cases build on the case services, so
re-exporting them here would make an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from fourpillars.domain.reminders import NotificationKind


def notify(
    user_ids: Iterable[int], subject: str, body: str, link: str, kind: NotificationKind
) -> None:
    """Tell ``user_ids`` that something needs them (``subject`` and ``body`` in plain words,
    ``link`` the page where it is done), inside the change's transaction: an in-app
    notification each and its e-mail in the outbox (``services.notifications.events``,
    decision 0017). Called wherever referrals, transfers and possible duplicates need someone:
    a referral made (the area's co-ordinators) and screened (the referrer), a transfer
    requested (the receiving area's co-ordinators) and accepted, refused or withdrawn, a
    possible duplicate flagged or resolved (both areas' co-ordinators). The words carry a case
    reference at most, never a case's content: a receiving co-ordinator may not see the case
    yet, and the other area's co-ordinator never does.
    """
    from fourpillars.accounts.models import User
    from fourpillars.services.notifications.events import notify as tell

    wanted = sorted(set(user_ids))
    people = User.objects.filter(pk__in=wanted, is_active=True).order_by("pk")
    tell(recipients=people, kind=kind, subject=subject, body=body, link=link)


__all__ = ["notify"]
