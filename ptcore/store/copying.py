"""``ptcore copy SRC DST``: a project copied whole between a file and a server, either way.

Every table's rows go across with their ids, so runs, predictions and annotations keep pointing
at the same documents; PostgreSQL's id sequences are then moved past the copied ids, so rows
added later get new ones. The destination must be new (a file not there yet, or an empty
database) and is written in one transaction with its tables: on any error it is left as empty
as it was. Run model folders are copied into the destination's models folder, and each run's
``model_dir`` re-pointed there, so a copied run still finds its model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Connection, Table, insert, select, text
from sqlalchemy.orm import Session

from ptcore.db.connection import upgrade_connection
from ptcore.db.location import Location
from ptcore.db.models import Base, RunRow, table
from ptcore.db.opening import open_new
from ptcore.errors import UserError
from ptcore.store.model_paths import OutsideModelsError, confined
from ptcore.store.project import Project

CHUNK = 1000


def copy_project(source: Location | Path | str, target: Location | Path | str) -> dict[str, int]:
    """Copy ``source`` into a new ``target``; returns the number of rows per table."""
    destination = Location.of(target)
    with Project(source) as project:
        _check_models_free(destination)
        engine = open_new(destination)
        try:
            with project.Session() as reading, engine.begin() as writing:
                _snapshot(reading)
                upgrade_connection(writing)
                counts = {t.name: _copy_table(reading, writing, t) for t in _tables()}
                _reset_sequences(writing)
                _copy_models(project.location, destination, writing)
        except BaseException:
            engine.dispose()
            _remove_new_file(destination)
            raise
        engine.dispose()
    return counts


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


def _snapshot(session: Session) -> None:
    """Read every table as of one moment, even while others write to a server's database."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _copy_table(reading: Session, writing: Connection, copied: Table) -> int:
    rows = reading.execute(select(copied).order_by(*copied.primary_key.columns))
    count = 0
    for chunk in rows.mappings().partitions(CHUNK):
        writing.execute(insert(copied), [dict(row) for row in chunk])
        count += len(chunk)
    return count


def _reset_sequences(writing: Connection) -> None:
    """Serial ids continue after the largest copied one (PostgreSQL only; SQLite does that)."""
    if writing.dialect.name != "postgresql":
        return
    for copied in _tables():
        if "id" not in copied.c:  # a table keyed by other columns has no sequence
            continue
        writing.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{copied.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {copied.name}"
            )
        )


def _check_models_free(destination: Location) -> None:
    folder = destination.models_dir
    if folder.exists() and any(folder.iterdir()):
        raise UserError(
            f"{folder} (where {destination} keeps its models) already holds files; "
            "move them away, or copy to another place."
        )


def _copy_models(source: Location, destination: Location, writing: Connection) -> None:
    """Copy each run's model folder and store where it now is."""
    runs = table(RunRow)
    for run_id, stored in writing.execute(select(runs.c.id, runs.c.model_dir)).all():
        if not stored:
            continue
        try:
            folder = confined(source, stored)
        except OutsideModelsError:
            continue  # never followed anywhere; kept as it was
        inside = folder.relative_to(source.models_dir.resolve())
        copied = destination.models_dir / inside
        if folder.is_dir():
            shutil.copytree(folder, copied)
        new = (destination.models_dir.resolve() / inside).relative_to(
            destination.models_base.resolve()
        )
        writing.execute(runs.update().where(runs.c.id == run_id).values(model_dir=new.as_posix()))


def _remove_new_file(destination: Location) -> None:
    """A failed copy into a new file leaves no file behind (nor a models folder)."""
    if destination.file is not None:
        for leftover in (destination.file, *_sidecars(destination.file)):
            leftover.unlink(missing_ok=True)
    if destination.models_dir.is_dir():
        shutil.rmtree(destination.models_dir, ignore_errors=True)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
