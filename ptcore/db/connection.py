"""Open a project: SQLite pragmas (or a PostgreSQL server), thread-safe sessions, migrations.

Each unit of work opens its own short session from ``Session`` (one per call, so the
GUI thread and a worker thread never share one). WAL lets a reader (the GUI) run while
a writer (a training worker storing predictions) commits; ``synchronous=FULL`` makes
every committed action survive a crash or a kill.

A unit of work that writes (``with Session() as s, s.begin():``) starts with
``BEGIN IMMEDIATE``: it takes the write lock first, waiting up to the busy timeout for
another writer, instead of reading under a deferred ``BEGIN`` and then being refused at
once when it tries to write after a concurrent commit. Plain reads keep a deferred ``BEGIN``,
so they never wait for a writer. On PostgreSQL (``postgres``) the server orders writers itself.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from ptcore.db.location import Location
from ptcore.db.postgres import connect_postgres
from ptcore.db.write_queue import WriteQueue, queue_for
from ptcore.errors import UserError

MIGRATIONS = Path(__file__).parent / "migrations"
FTS_TABLE = "documents_fts"
BUSY_TIMEOUT_S = 30
WRITE = "ptcore_write"
QUEUE = "ptcore_write_queue"


def is_modelled(obj: object, name: str | None, type_: str, *_args: object) -> bool:
    """Alembic's ``include_object`` hook: the FTS5 tables are made by hand, not by the models."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def connect(location: Location) -> Engine:
    """An engine on the project's database; on a file, with the pragmas every connection needs."""
    if location.file is None:
        return connect_postgres(location)
    return _connect_sqlite(location.file)


def _connect_sqlite(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class WriteFirstSession(Session):
    """A session whose explicit ``begin()`` takes the write lock at once (see above), after
    this process's earlier writers (``WriteQueue``)."""

    holds_queue = False  # per session (``info`` is one dict shared by the factory's sessions)

    def begin(self, nested: bool = False) -> SessionTransaction:
        transaction = super().begin(nested=nested)
        if not nested:
            queue: WriteQueue = self.info[QUEUE]
            queue.acquire()
            self.holds_queue = True
            try:
                self.connection(execution_options={WRITE: True})
            except BaseException:
                self.let_go()
                raise
        return transaction

    def let_go(self) -> None:
        if self.holds_queue:
            self.holds_queue = False
            self.info[QUEUE].release()


@event.listens_for(WriteFirstSession, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and isinstance(session, WriteFirstSession):
        session.let_go()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions of one project file; its writers in this process share one queue."""
    queue = queue_for(str(engine.url.database))
    return sessionmaker(
        engine, class_=WriteFirstSession, expire_on_commit=False, info={QUEUE: queue}
    )


def truncate_wal(engine: Engine) -> None:
    """Fold the write-ahead log into the file and empty it (a big import leaves it large)."""
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()  # outside any transaction, which would hold the log
    try:
        connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        connection.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision this version of the app knows."""
    with engine.begin() as connection:
        upgrade_connection(connection)


def upgrade_connection(connection: Connection) -> None:
    """``upgrade`` inside the caller's transaction (a copy creates tables and rows in one)."""
    config = _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def prepare_schema(location: Location, engine: Engine) -> Path | None:
    """Create or migrate the schema; returns the backup made before a migration, if any
    (files only: a server's database is backed up by its administrator).

    A project from a newer app is refused rather than touched.
    """
    revision = current_revision(engine)
    known = {
        script.revision
        for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }
    if revision is None and inspect(engine).get_table_names():
        kind = "an SQLite file" if location.file else "a database"
        raise UserError(f"{location} is {kind} but not a P-Tuning Studio project.")
    if revision is not None and revision not in known:
        raise UserError(
            f"{location} was saved by a newer P-Tuning Studio (schema {revision}); "
            f"this version reads schemas up to {head_revision()}. Please update the app."
        )
    if revision == head_revision():
        return None
    backup = _backup(location.file) if revision is not None and location.file else None
    upgrade(engine)
    return backup


def _backup(path: Path) -> Path:
    """A consistent copy via SQLite's backup API (a plain file copy could miss the WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.backup-{stamp}")
    partial = path.with_name(f".{backup.name}.partial")  # renamed once whole
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(partial)) as target:
        source.backup(target)
    os.replace(partial, backup)
    return backup
