"""``fourpillars verify-audit``: check the audit trail's hash chain (DPA 2018 s.62 logs).

Exit 0 and "audit chain intact: N rows" when every row links to the one before and matches
its hash; exit 1 naming the first bad row when any row was altered, removed or reordered.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fourpillars.services import audit


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain. Exits 0 when intact; exits 1 naming the first "
        "row that was altered, removed or reordered."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count, broken = audit.verify()
        if broken is not None:
            raise CommandError(
                f"audit chain broken at row {broken.seq}: {broken.reason} ({count} rows checked)",
                returncode=1,
            )
        self.stdout.write(f"audit chain intact: {count} rows")
