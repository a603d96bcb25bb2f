"""Each action's case and ``live`` copied from its plan (a migration of its own: PostgreSQL
refuses to alter or index a table while the copy's constraint checks are pending)."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_from_plans(apps: Any, schema_editor: Any) -> None:
    Action = apps.get_model("plans", "Action")
    Plan = apps.get_model("plans", "Plan")
    plan = Plan.objects.filter(pk=OuterRef("plan_id"))
    Action.objects.update(case_id=Subquery(plan.values("case_id")[:1]))
    active = Plan.objects.filter(status="active").values("pk")
    Action.objects.filter(plan_id__in=active).update(live=True)


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_action_case_live")]

    operations = [migrations.RunPython(copy_from_plans, migrations.RunPython.noop)]
