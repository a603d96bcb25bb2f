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


def notify(user_ids: Iterable[int], subject: str, body: str, link: str) -> None:
    """THE NOTIFICATION SEAM: tell ``user_ids`` that something needs them (``subject`` and
    ``body`` in plain words, ``link`` the page where it is done).

    Called, inside the change's transaction, wherever referrals, transfers and possible
    duplicates would notify someone: a referral made (the area's co-ordinators) and screened
    (the referrer), a transfer requested (the receiving area's co-ordinators) and accepted,
    refused or withdrawn (the requester, or the receiving co-ordinators), a possible duplicate
    flagged (both areas' co-ordinators). For now it records nothing: what waits for each user
    is read from the records themselves (``waiting.waiting_for``, the "Waiting for me" panel
    on the caseload home). The notifications app is wired here at merge: write its outbox row
    in this transaction, and send e-mail after commit.
    """
    del user_ids, subject, body, link


__all__ = ["notify"]
