"""Tests that run on both database engines: SQLite files and PostgreSQL.

A test (or a module, through ``pytestmark = pytest.mark.usefixtures("database_engine")``, or a
folder's conftest) that uses ``database_engine`` runs twice. In its PostgreSQL run every project
*file* the test names inside its ``tmp_path`` (``tmp_path / "p.db"``, as a path or a string)
stands for a fresh empty database on the test server instead: the same name gives the same
database for the whole test, and the databases are dropped afterwards. The test's own code is
unchanged, so one test asserts the same behaviour of both engines; models of those projects go
to ``tmp_path / "server-models"``. A test of something only a file has (its header, WAL, backups
beside it) is marked ``sqlite_only``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ptcore.db import location as location_module
from ptcore.db.location import Location
from tests.postgres import drop_database, new_database, server, unavailable

ENGINES = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """The admin URL of the test server (None when there is none)."""
    with server() as url:
        yield url


@pytest.fixture
def postgres_admin(postgres_server: str | None) -> str:
    """The test server's admin URL; skips (or, in CI, fails) without one."""
    if postgres_server is None:
        unavailable("none could be started here")
    assert postgres_server is not None
    return postgres_server


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_engine" in metafunc.fixturenames:
        only_files = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize(
            "database_engine", ENGINES[:1] if only_files else ENGINES, indirect=True
        )


@pytest.fixture
def database_engine(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """ "sqlite" or "postgres"; for "postgres", project files in ``tmp_path`` become databases."""
    if request.param == "sqlite":
        yield "sqlite"
        return
    admin = request.getfixturevalue("postgres_admin")
    databases: dict[Path, Location] = {}
    plain_of = Location.of
    base = tmp_path.resolve()

    def of(where: Location | Path | str) -> Location:
        if isinstance(where, Location) or not str(where).endswith(".db"):
            return plain_of(where)
        path = Path(where).resolve()
        if not path.is_relative_to(base):
            return plain_of(where)
        if path not in databases:
            databases[path] = plain_of(new_database(admin))
        return databases[path]

    monkeypatch.setattr(Location, "of", of)
    monkeypatch.setenv(location_module.MODELS_ENV, str(tmp_path / "server-models"))
    yield "postgres"
    for database in databases.values():
        drop_database(admin, str(database))


@pytest.fixture
def fresh_database(postgres_admin: str) -> Iterator[str]:
    """The URL of a new empty database on the test server, dropped afterwards."""
    url = new_database(postgres_admin)
    yield url
    drop_database(postgres_admin, url)
