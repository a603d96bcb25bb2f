"""Each action carries its plan's case and whether the plan is the case's active one
(``live``), so that the work lists read one partial index instead of joining every plan."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_action_completion"),
        ("register", "0006_handover"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="case",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="register.case",
            ),
        ),
        migrations.AddField(
            model_name="action",
            name="live",
            field=models.BooleanField(default=False),
        ),
    ]
