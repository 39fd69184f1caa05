"""A project named by a database URL: its password never goes anywhere, and a server that cannot
be reached (or lacks the database) gets a message saying what to do."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ptcore.cli import main
from ptcore.db.location import MODELS_ENV, Location
from ptcore.errors import UserError
from ptcore.records import DocumentRecord
from ptcore.store.project import Project

SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://ann:{SECRET}@db.example.org/labels",
        f"postgres://ann:{SECRET}@db.example.org:5433/labels",
        f"postgresql://ann@db.example.org/labels?sslmode=require&password={SECRET}",
    ],
)
def test_a_url_with_a_password_is_refused_without_showing_it(
    url: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UserError, match="PGPASSWORD") as refused:
        Location.of(url)
    assert SECRET not in str(refused.value) and "db.example.org" in str(refused.value)
    assert main(["init", url, "--task", "ner"]) == 1
    assert main(["stats", url]) == 1
    assert main(["copy", url, "x.db"]) == 1
    out = capsys.readouterr()
    assert "~/.pgpass" in out.err
    assert SECRET not in out.out + out.err + caplog.text


def test_what_is_not_a_postgres_url_is_refused_or_a_path() -> None:
    with pytest.raises(UserError, match="mysql://"):
        Location.of("mysql://ann@host/labels")
    with pytest.raises(UserError, match="names no database"):
        Location.of("postgresql://ann@host")
    assert Location.of("projects/p.db").file == Path("projects/p.db")
    assert Location.of(Path("C:/work/p.db")).is_file


def test_a_server_project_keeps_its_models_under_the_models_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "models"))
    where = Location.of("postgresql://ann@db.example.org:5433/labels")
    assert str(where) == "postgresql://ann@db.example.org:5433/labels"
    assert where.name == "labels"
    assert where.models_dir == tmp_path / "models" / "db.example.org-5433" / "labels.models"
    default_port = Location.of("postgresql:///labels")  # a local socket, libpq's defaults
    assert default_port.models_dir == tmp_path / "models" / "localhost-5432" / "labels.models"


def test_an_unreachable_server_is_named_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    url = "postgresql://ann@127.0.0.1:1/labels"  # nothing listens on port 1
    with pytest.raises(
        UserError, match=r"Cannot open the database postgresql://ann@127\.0\.0\.1:1"
    ):
        Project(url)
    assert main(["import", url, "file.jsonl"]) == 1
    err = capsys.readouterr().err
    assert "Is the server running" in err and SECRET not in err


def test_a_missing_database_says_how_to_create_it(postgres_admin: str) -> None:
    url = make_url(postgres_admin).set(database="no_such_project_db")
    with pytest.raises(UserError, match="Create it first: createdb") as refused:
        Project.create(url.render_as_string(hide_password=False), "ner")
    assert "no_such_project_db" in str(refused.value)


def test_the_server_never_sees_the_password_in_a_log(
    fresh_database: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """libpq takes PGPASSWORD from the environment; nothing we log or store holds it."""
    monkeypatch.setenv("PGPASSWORD", SECRET)
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "models"))
    caplog.set_level(logging.DEBUG)
    # Through caplog, so the level is put back: left at DEBUG, every later test logged its SQL.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    with Project.create(fresh_database, "classification", ["pos"]) as project:
        project.import_records([DocumentRecord("good", labels=["pos"])], Path("a.jsonl"))
        stored = repr(project.info()) + repr(project.stats())
    assert caplog.text and SECRET not in caplog.text + stored
    assert main(["stats", fresh_database]) == 0


def test_empty_and_foreign_databases_are_not_opened(fresh_database: str) -> None:
    with pytest.raises(UserError, match="holds no project yet; create one there with `ptcore init"):
        Project(fresh_database)
    Project.create(fresh_database, "ner").close()
    with pytest.raises(UserError, match="is not empty"):
        Project.create(fresh_database, "ner")
