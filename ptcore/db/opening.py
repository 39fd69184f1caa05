"""What a file (or a server's database, ``postgres``) must show before it is opened
read-write as a project.

Opening writes (WAL mode, migrations), so nothing is opened that is not known to be a project:
an empty file, another program's file, a truncated or damaged database, or one that cannot be
written each get a message naming the file, and the file is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from ptcore.db.connection import connect
from ptcore.db.location import Location
from ptcore.db.postgres import check_empty_database, check_project_database
from ptcore.errors import UserError

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
NOT_A_PROJECT = "is not a P-Tuning Studio project"


def open_existing(location: Location) -> Engine:
    """An engine on a project that passed its checks (a file's, or a server database's)."""
    if location.file is not None:
        check_project_file(location.file)
        return connect(location)
    return _checked(connect(location), check_project_database, location)


def open_new(location: Location) -> Engine:
    """An engine on where a new project goes: a file not there yet, or an empty database."""
    if location.file is not None:
        if location.file.exists():
            raise UserError(f"{location} already exists; open it, or choose another name.")
        location.file.parent.mkdir(parents=True, exist_ok=True)
        return connect(location)
    return _checked(connect(location), check_empty_database, location)


def _checked(
    engine: Engine, check: Callable[[Engine, Location], None], location: Location
) -> Engine:
    """``engine``, once ``check`` passes (disposed if it refuses)."""
    try:
        check(engine, location)
    except UserError:
        engine.dispose()
        raise
    return engine


def check_project_file(path: Path) -> None:
    """Raise a UserError unless ``path`` is an intact, writable P-Tuning Studio project."""
    header, size = _header(path)
    if size == 0:
        raise UserError(f"{path} is empty, so it {NOT_A_PROJECT}.")
    if not header.startswith(SQLITE_HEADER):
        raise UserError(f"{path} {NOT_A_PROJECT} (it is not an SQLite database).")
    if len(header) < HEADER_SIZE or size % _page_size(header):
        raise UserError(f"{path} is truncated (cut short while copying?).{backups_hint(path)}")
    _check_writable(path)
    _check_contents(path)


def _header(path: Path) -> tuple[bytes, int]:
    if not path.is_file():
        raise UserError(f"{path}: no such project file.")
    try:
        with path.open("rb") as file:
            return file.read(HEADER_SIZE), path.stat().st_size
    except OSError as error:
        raise UserError(f"{path}: cannot read it ({error.strerror}).") from None


def _page_size(header: bytes) -> int:
    """SQLite stores the page size big-endian at offset 16; 1 means 65,536."""
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else max(size, 1)


def _check_writable(path: Path) -> None:
    """Editing needs the file and its folder (SQLite's -wal and -shm files go beside it)."""
    if not os.access(path, os.W_OK):
        raise UserError(
            f"{path} is read-only; copy it to a folder you can write to, or allow writing to it."
        )
    if not os.access(path.parent, os.W_OK):
        raise UserError(
            f"{path} is in a read-only folder, and a project needs to write beside its file; "
            "copy it to a folder you can write to."
        )


def _check_contents(path: Path) -> None:
    """Ours (has a schema version) and intact (``PRAGMA quick_check``), read without writing."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise UserError(f"{path} is an SQLite file but {NOT_A_PROJECT}.")
            problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as error:
        raise UserError(f"{path} is damaged ({error}).{backups_hint(path)}") from None
    if problems != ["ok"]:
        raise UserError(f"{path} is damaged: {'; '.join(problems)}.{backups_hint(path)}")


def backups_hint(path: Path) -> str:
    """Point at the newest backup beside ``path``, if there is one."""
    backups = sorted(path.parent.glob(f"{path.name}.backup-*"))
    if not backups:
        return " No backup of it was found beside it."
    return f" The newest backup is {backups[-1]}: open a copy of it instead."
