"""A project in a PostgreSQL database: connecting, and what the database must show first.

The database itself is the server administrator's (``createdb``); the app creates its tables in
an empty one and opens only databases that hold a project. Every message names the database by
its URL, which never holds a password (see ``location``), and quotes the server's reason, which
libpq never fills with one.
"""

from __future__ import annotations

from importlib.util import find_spec

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import DBAPIError, OperationalError

from ptcore.db.location import Location
from ptcore.errors import UserError

CONNECT_TIMEOUT_S = 10
VERSION_TABLE = "alembic_version"


def connect_postgres(location: Location) -> Engine:
    """An engine on the database, checked to be reachable now (so the message comes at open)."""
    if find_spec("psycopg") is None:
        raise UserError(
            f"Opening {location} needs PostgreSQL's driver: pip install 'ptuning-studio[postgres]'"
            " (or psycopg[binary])."
        )
    engine = create_engine(
        location.engine_url(),
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "P-Tuning Studio",
            "options": "-c timezone=UTC",  # times read back as SQLite files hold them: UTC
        },
        pool_pre_ping=True,
    )
    try:
        engine.connect().close()
    except OperationalError as error:
        engine.dispose()
        raise UserError(unreachable(location, error)) from None
    return engine


def unreachable(location: Location, error: DBAPIError) -> str:
    """Why the database could not be opened, with what to do about it."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
    url = location.url
    assert url is not None
    if "does not exist" in reason and "database" in reason:
        hint = f" Create it first: createdb -h {url.host or 'localhost'} {url.database}"
    elif "password" in reason:
        hint = " Put the password in PGPASSWORD or ~/.pgpass (never in the URL)."
    else:
        hint = " Is the server running, and is the host and port right?"
    return f"Cannot open the database {location}: {reason}.{hint}"


def check_project_database(engine: Engine, location: Location) -> None:
    """Refuse a database that holds no project (empty, or another program's tables)."""
    tables = set(inspect(engine).get_table_names())
    if VERSION_TABLE in tables:
        return
    if not tables:
        raise UserError(
            f"The database {location} holds no project yet; create one there with "
            f"`ptcore init {location} --task TASK`."
        )
    raise UserError(f"The database {location} holds tables but is not a P-Tuning Studio project.")


def check_empty_database(engine: Engine, location: Location) -> None:
    """A new project goes only into a database with no tables (never beside another's)."""
    if inspect(engine).get_table_names():
        raise UserError(
            f"The database {location} is not empty (it holds a project or other tables); "
            "open it, or create the project in a new database."
        )
