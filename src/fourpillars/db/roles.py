"""PostgreSQL roles (decision 0027): the application connects as a role that may read and
write the application's tables but can neither change nor remove audit rows, nor truncate any
table, nor switch off the audit trigger; migrations run as the owner role, which owns the
schema and every table.

``grant_app_role`` gives the application's role what it may do (run as, or on behalf of, the
owner after every migration: new tables get the same through default privileges);
``app_role_limits`` tries, inside a transaction that is always rolled back, each thing the
application's role must not be able to do, and reads the privileges it must have."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

AUDIT = "audit_auditevent"
HEAD = "audit_auditchainhead"
WITNESSED = "exchange_witnessedcheckpoint"
MIGRATIONS = "django_migrations"


def _name(identifier: str) -> str:
    """A quoted SQL identifier (a role or schema name)."""
    return '"' + identifier.replace('"', '""') + '"'


# What the application's role may not do to each table, beyond the rest's SELECT, INSERT,
# UPDATE and DELETE: audit rows and witnessed checkpoints are appended, never changed or removed.
REVOKED = {
    AUDIT: "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER",
    HEAD: "DELETE, TRUNCATE",
    WITNESSED: "UPDATE, DELETE, TRUNCATE",
    MIGRATIONS: "INSERT, UPDATE, DELETE, TRUNCATE",
}


def grant_statements(
    app_role: str, *, owner: str = "", schema: str = "public", tables: Sequence[str] = ()
) -> list[str]:
    """What the application's role is granted in ``schema``, and refused on those of
    ``tables`` that ``REVOKED`` names; with ``owner``, default privileges are set for that
    role's future tables (else for the role running them)."""
    app, where = _name(app_role), _name(schema)
    for_owner = f"FOR ROLE {_name(owner)} " if owner else ""
    return [
        f"GRANT USAGE ON SCHEMA {where} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {app}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {where} TO {app}",
        f"ALTER DEFAULT PRIVILEGES {for_owner}IN SCHEMA {where} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES {for_owner}IN SCHEMA {where} "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {app}",
    ] + [f"REVOKE {REVOKED[t]} ON {where}.{_name(t)} FROM {app}" for t in REVOKED if t in tables]


def grant_app_role(cursor: Any, app_role: str, *, owner: str = "") -> None:
    """Grant (and refuse) the application's role its privileges on every table there is (a
    first migration of a fresh database has not made them all yet)."""
    cursor.execute("SELECT current_schema()")
    schema = str(cursor.fetchone()[0])
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
    tables = [str(row[0]) for row in cursor.fetchall()]
    for statement in grant_statements(app_role, owner=owner, schema=schema, tables=tables):
        cursor.execute(statement)


@dataclass(frozen=True)
class Limit:
    """One thing tried as the application's role: what, whether it was allowed, whether it
    must be, and what the database said."""

    what: str
    allowed: bool
    must_be: bool
    said: str = ""

    @property
    def kept(self) -> bool:
        return self.allowed == self.must_be


REFUSED = (
    ("update audit rows", "UPDATE audit_auditevent SET justification = justification"),
    ("delete audit rows", "DELETE FROM audit_auditevent"),
    ("truncate the audit table", "TRUNCATE audit_auditevent"),
    (
        "truncate it with the trigger's bypass switched on",
        "SET LOCAL fourpillars.allow_truncate = 'on'; TRUNCATE audit_auditevent",
    ),
    ("switch the audit trigger off", "ALTER TABLE audit_auditevent DISABLE TRIGGER USER"),
    ("drop the audit trigger", "DROP TRIGGER audit_event_no_update_delete ON audit_auditevent"),
    ("delete the chain head", "DELETE FROM audit_auditchainhead"),
    ("delete witnessed checkpoints", "DELETE FROM exchange_witnessedcheckpoint"),
    ("change the migration record", "DELETE FROM django_migrations"),
)
NEEDED = (
    ("append audit rows", AUDIT, "INSERT"),
    ("read audit rows", AUDIT, "SELECT"),
    ("move the chain head on", HEAD, "UPDATE"),
    ("keep witnessed checkpoints", WITNESSED, "INSERT"),
)


def migrated(conn: Any) -> bool:
    """Whether the audit table exists in the database ``conn`` (psycopg) is connected to."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", [AUDIT]).fetchone()
    conn.rollback()
    return bool(row[0])


def app_role_limits(conn: Any) -> list[Limit]:
    """Try each thing the role of ``conn`` (a psycopg connection) must not be able to do, in
    one transaction rolled back at the end whatever happens, and read the privileges it needs.
    """
    import psycopg

    found: list[Limit] = []
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            for what, sql in REFUSED:
                cur.execute("SAVEPOINT attempt")
                try:
                    for statement in sql.split("; "):
                        cur.execute(statement)
                    found.append(Limit(what, True, False, "done"))
                except psycopg.Error as exc:
                    said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    found.append(Limit(what, False, False, said))
                cur.execute("ROLLBACK TO SAVEPOINT attempt")
            for what, table, privilege in NEEDED:
                cur.execute(
                    "SELECT to_regclass(%s) IS NOT NULL "
                    "AND has_table_privilege(current_user, %s, %s)",
                    [table, table, privilege],
                )
                found.append(Limit(what, bool(cur.fetchone()[0]), True))
    finally:
        conn.rollback()
    return found


def connect(settings_dict: dict[str, Any], **login: Any) -> Any:
    """A psycopg connection to the database ``settings_dict`` (Django's) names, with its own
    login unless ``login`` gives another (``user``, ``password``)."""
    import psycopg

    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "connect_timeout": 10,
    }
    params.update(login)
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def create_roles(conn: Any, *, owner: str, app: str, passwords: dict[str, str]) -> None:
    """As an administrator (``conn``, autocommit): make or update the owner and application
    roles with their passwords, give the owner the database, its schema and every object in
    it, let the application's role connect, and grant it what it may do."""
    from psycopg import sql

    cur = conn.cursor()
    for role in (owner, app):
        exists = cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        cur.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(passwords[role])
            )
        )
    database = cur.execute("SELECT current_database(), current_schema()").fetchone()
    name, schema = str(database[0]), str(database[1])
    cur.execute(
        sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(name), sql.Identifier(owner))
    )
    cur.execute(
        sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(sql.Identifier(schema), sql.Identifier(owner))
    )
    objects = cur.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
        "AND pg_get_userbyid(c.relowner) <> %s "
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))",
        [schema, owner],
    ).fetchall()
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    for relname, relkind in objects:
        cur.execute(
            sql.SQL("ALTER " + kinds[relkind] + " {}.{} OWNER TO {}").format(
                sql.Identifier(schema), sql.Identifier(relname), sql.Identifier(owner)
            )
        )
    functions = cur.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s",
        [schema, owner],
    ).fetchall()
    for (signature,) in functions:
        cur.execute(
            sql.SQL("ALTER FUNCTION " + signature + " OWNER TO {}").format(sql.Identifier(owner))
        )
    cur.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(name), sql.Identifier(app)
        )
    )
    grant_app_role(cur, app, owner=owner)
