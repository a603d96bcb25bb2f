"""Which database the bench uses, and (re)creating the default bench database.

DATABASE_URL, when set, is used as it is and never dropped: the bench only tops it up to the
requested number of people. Without it the bench uses (and by default recreates) the
PostgreSQL database ``fourpillars_bench`` on 127.0.0.1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/fourpillars_bench"


@dataclass(frozen=True)
class Target:
    url: str
    owned: bool  # True: the bench's own database, which it may drop and recreate

    @property
    def vendor(self) -> str:
        return "postgresql" if self.url.startswith(("postgres", "pgsql")) else "sqlite"

    @property
    def display(self) -> str:
        """The URL without any password."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        netloc = f"{parts.username}@{host}" if parts.username else host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def choose() -> Target:
    url = os.environ.get("DATABASE_URL", "")
    return Target(url, owned=False) if url else Target(DEFAULT_URL, owned=True)


def recreate(target: Target) -> None:
    """DROP and CREATE the bench's own PostgreSQL database (never one named by DATABASE_URL)."""
    import psycopg
    from psycopg import sql

    if not target.owned or target.vendor != "postgresql":
        raise RuntimeError("refusing to drop a database the bench does not own")
    parts = urlsplit(target.url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def exists(target: Target) -> bool:
    import psycopg

    parts = urlsplit(target.url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")]
        ).fetchone()
    return row is not None


def beside(url: str, suffix: str) -> str:
    """The URL of a database named after ``url``'s with ``_suffix`` (a bench part's own)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{suffix}"))
