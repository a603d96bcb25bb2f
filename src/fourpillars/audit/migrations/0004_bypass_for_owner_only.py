"""The append-only trigger's TRUNCATE bypass (``fourpillars.allow_truncate = 'on'``, which the
test suite's flush needs) now works only for the table's owner (or a member of the owner role;
superusers are members of every role). Any role may set the session flag: the application's
role (decision 0027), not owning the table, still has its TRUNCATE refused, as it has UPDATE
and DELETE whatever the flag."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND coalesce(current_setting('fourpillars.allow_truncate', true), '') = 'on'
       AND pg_has_role(
           current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER'
       ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND coalesce(current_setting('fourpillars.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def owner_only(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def anyone(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_changes_counted")]

    operations = [migrations.RunPython(owner_only, anyone)]
