"""A PostgreSQL server for the tests, and a fresh empty database on it for each test.

The server is the one ``PTS_TEST_POSTGRES_URL`` names (``.ci/run`` starts one and sets it; the
role needs CREATEDB). Without it, a throwaway cluster is started in a temporary folder when
Debian's ``postgresql`` package is installed (``.ci/postgres.sh``); otherwise the PostgreSQL
half of the tests is skipped, saying why, unless ``PTS_REQUIRE_POSTGRES=1`` makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

URL_ENV = "PTS_TEST_POSTGRES_URL"
REQUIRE_ENV = "PTS_REQUIRE_POSTGRES"
START_SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres.sh"
PORT = 55400 + os.getpid() % 500


@contextmanager
def server() -> Iterator[str | None]:
    """The admin URL of a server to make databases on, or None (with the reason given)."""
    if url := os.environ.get(URL_ENV):
        yield url
        return
    if not (Path("/usr/lib/postgresql").is_dir() and shutil.which("bash")):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="pts-pg-"))
    folder.chmod(0o755)  # as root, the cluster belongs to `postgres`, who must reach it
    started = subprocess.run(
        ["bash", str(START_SCRIPT), str(folder / "data"), str(PORT)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        yield started.stdout.strip() if started.returncode == 0 else None
    finally:
        _stop(folder / "data")
        shutil.rmtree(folder, ignore_errors=True)


def _stop(data: Path) -> None:
    if not (data / "postmaster.pid").is_file():
        return
    pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    command = [str(pg_ctl), "-D", str(data), "-m", "immediate", "stop"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, capture_output=True, check=False)


def unavailable(reason: str) -> None:
    """Skip, or fail where a server is required (CI)."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"PostgreSQL is required here ({REQUIRE_ENV}=1) but {reason}")
    pytest.skip(f"no PostgreSQL server: {reason} (set {URL_ENV}, or install postgresql)")


def _admin(url: str) -> psycopg.Connection:
    parts = make_url(url)
    return psycopg.connect(
        host=parts.host,
        port=parts.port,
        user=parts.username,
        dbname=parts.database or "postgres",
        autocommit=True,
    )


def new_database(admin_url: str) -> str:
    """A new empty database; returns its URL (the admin URL's server and role)."""
    name = f"pts_test_{uuid.uuid4().hex[:12]}"
    with _admin(admin_url) as connection:
        connection.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    with _admin(admin_url) as connection:
        try:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.errors.InsufficientPrivilege:
            # FORCE must end every session in the database, and a role that is not a superuser
            # may not end an autovacuum worker that happens to be there (CI failed once so);
            # a plain DROP cancels such workers itself.
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
