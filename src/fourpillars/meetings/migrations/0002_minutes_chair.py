"""The chair copied onto each meeting's minutes (a meeting's chair never changes), so that the
chair's minutes waiting for approval are one index read."""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_chair(apps: Any, schema_editor: Any) -> None:
    Minutes = apps.get_model("meetings", "Minutes")
    MeetingCase = apps.get_model("meetings", "MeetingCase")
    chair = MeetingCase.objects.filter(pk=OuterRef("item_id")).values("meeting__chair_id")[:1]
    Minutes.objects.update(chair_id=Subquery(chair))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="minutes",
            name="chair",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(copy_chair, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="minutes",
            name="chair",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="minutes",
            index=models.Index(
                fields=["chair", "status", "meeting_at"], name="minutes_chair_status"
            ),
        ),
    ]
