"""Closed cases get the day they closed (their latest closure decision, else their last
change) and their first retention review (decision 0030), as the service sets them from now on.

A data migration of its own: on PostgreSQL it must not share a transaction with the ALTERs of
0007 on the same table.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from fourpillars.domain import retention


def backfill(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("register", "Case")
    Decision = apps.get_model("plans", "Decision")
    for case in Case.objects.filter(status="closed", closed_on__isnull=True).select_related(
        "person"
    ):
        closure = (
            Decision.objects.filter(case_id=case.pk, kind="case_closure")
            .order_by("-decided_at")
            .first()
        )
        closed = (closure.decided_at if closure else case.updated_at).date()
        group = retention.review_group(case.category)
        due = retention.first_review(closed, group, date_of_birth=case.person.date_of_birth)
        Case.objects.filter(pk=case.pk).update(closed_on=closed, retention_review_due=due)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0007_emergency_access_retention_identifiers"),
        ("plans", "0008_action_work_indexes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
