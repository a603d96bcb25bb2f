"""Decision 0031: each person's data key (``PersonKey``), and room in ``justification`` for a
sealed justification (an envelope is longer than the text typed).

The column becomes ``text``. On PostgreSQL that is one ``ALTER COLUMN ... TYPE text``: varchar to
text needs no rewrite of the table and fires no row trigger. SQLite does not enforce a varchar's
length, so its column is left as it is: Django would otherwise copy the whole audit table into a
new one to change a declaration SQLite ignores.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TO_TEXT = "ALTER TABLE audit_auditevent ALTER COLUMN justification TYPE text"
TO_VARCHAR = "ALTER TABLE audit_auditevent ALTER COLUMN justification TYPE varchar(600)"


def widen(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TO_TEXT)


def narrow(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TO_VARCHAR)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_bypass_for_owner_only")]

    operations = [
        migrations.CreateModel(
            name="PersonKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person_id", models.BigIntegerField(unique=True)),
                ("key", models.BinaryField(null=True)),
                ("created", models.DateTimeField()),
                ("destroyed_at", models.DateTimeField(null=True)),
                ("review_id", models.BigIntegerField(null=True)),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="justification",
                    field=models.TextField(blank=True),
                )
            ],
            database_operations=[migrations.RunPython(widen, narrow)],
        ),
    ]
