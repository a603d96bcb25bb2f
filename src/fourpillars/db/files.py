"""The SQLite database on disk, readable by its owner only: the file (and the write-ahead log
and shared-memory files SQLite keeps beside it) 0600, the application's own data folder 0700.

A register of people under public-protection management must not be readable by any other
account on the machine. SQLite creates its file with the process's umask (often 0644, readable
by everyone), so the file is made before SQLite first opens it, and every new connection puts
the bits back should anything have widened them. A folder is tightened only when it is the
application's own (``FOURPILLARS_VAR`` or below): never a shared one such as /tmp.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

OWNER_FILE = 0o600
OWNER_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


def private_folder(path: Path) -> None:
    """Create ``path`` (and its parents) for the owner only; tighten it if it exists."""
    path.mkdir(mode=OWNER_FOLDER, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != OWNER_FOLDER:
        path.chmod(OWNER_FOLDER)


def is_file(name: object) -> bool:
    """Whether an SQLite database NAME is a file on disk (not an in-memory database)."""
    text = str(name or "")
    return bool(text) and text != ":memory:" and not text.startswith("file:")


def private_database(name: object, own_folder: Path | None) -> None:
    """Make the SQLite file ``name`` (if missing) and keep it and its side files 0600; its
    folder 0700 when it lies in ``own_folder``, the application's own data folder."""
    if not is_file(name):
        return
    path = Path(str(name)).resolve()
    if own_folder is not None and path.parent.is_relative_to(own_folder.resolve()):
        private_folder(path.parent)
    if not path.parent.is_dir():
        return  # SQLite itself will say the folder is missing, when (if ever) it is opened
    if not path.exists():
        # Only a missing file is opened here: closing any descriptor of a database file drops
        # every POSIX lock this process holds on it, so an open-and-close beside a live
        # connection let two writers in at once ("database disk image is malformed").
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_FILE))
    for candidate in [path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)]:
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != OWNER_FILE:
                candidate.chmod(OWNER_FILE)
        except FileNotFoundError:
            continue


def keep_private(sender: object, connection: Any, **kwargs: object) -> None:
    """``connection_created`` receiver: each new SQLite connection keeps its files private."""
    if connection.vendor != "sqlite":
        return
    from django.conf import settings

    private_database(connection.settings_dict.get("NAME"), getattr(settings, "VAR_DIR", None))
