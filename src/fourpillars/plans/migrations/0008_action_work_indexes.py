"""The action's case made required once copied (a migration of its own: PostgreSQL does not
alter a table with the copy's constraint checks still pending), and the work lists' partial
indexes."""

import django.db.models.deletion
from django.db import migrations, models

OPEN = ~models.Q(status__in=["done", "not_done"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_action_case_live_copied")]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="register.case",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("live", True)) & OPEN,
                fields=["owner_agency", "due", "id"],
                name="action_live_open_agency",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("live", True)) & OPEN,
                fields=["owner_user", "due", "id"],
                name="action_live_open_user",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("live", True)) & ~OPEN,
                fields=["owner_agency", "completed_at", "id"],
                name="action_live_done_agency",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("live", True)) & ~OPEN,
                fields=["owner_user", "completed_at", "id"],
                name="action_live_done_user",
            ),
        ),
    ]
