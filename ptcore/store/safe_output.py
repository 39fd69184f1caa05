"""Files the app writes for the user (exports, predictions): never onto a project, and
whole or not at all.

The target is written as a temporary sibling and renamed into place only once complete, so a
failure or a kill leaves the previous file as it was. A target that is a project file, one of
SQLite's -wal/-shm/-journal files beside one, or any other SQLite database is refused: an
export written over the project would destroy it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ptcore.db.opening import SQLITE_HEADER
from ptcore.errors import UserError

SIDECARS = ("-wal", "-shm", "-journal")


def check_target(out: Path, project: Path | None = None) -> None:
    """Refuse ``out`` if writing it could damage a project (``project``, or any other)."""
    target = out.resolve()
    if project is not None:
        base = project.resolve()
        if target in {base, *(base.with_name(base.name + s) for s in SIDECARS)}:
            raise UserError(f"{out} is the project file itself (or part of it); choose another.")
    database = next(
        (target.with_name(target.name[: -len(s)]) for s in SIDECARS if target.name.endswith(s)),
        target,
    )
    if _is_sqlite(database):
        raise UserError(
            f"{out} is an SQLite database (a project?) or part of one; refusing to overwrite it."
        )


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to ``out`` when the block completes."""
    partial = out.with_name(f".{out.stem}.partial-{os.getpid()}{out.suffix}")
    try:
        yield partial
        with partial.open("rb+") as file:
            os.fsync(file.fileno())
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
