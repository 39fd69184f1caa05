from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ptcore.db import connection
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Span
from ptcore.store.documents import DocumentFilter
from ptcore.store.duplicates import Dedupe
from ptcore.store.importing import ImportCancelled, ImportOptions
from ptcore.store.project import Project

FIRST_VERSION = Path(__file__).parent / "data" / "project_v0001.db"


@pytest.mark.sqlite_only
def test_new_project_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.db", "ner", ["PER"])
    with project.Session() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert connection.current_revision(project._engine) == connection.head_revision()
    project.close()


@pytest.mark.sqlite_only
def test_create_refuses_existing_file_and_unknown_task(tmp_path: Path) -> None:
    Project.create(tmp_path / "p.db", "ner").close()
    with pytest.raises(UserError, match="already exists"):
        Project.create(tmp_path / "p.db", "ner")
    with pytest.raises(UserError, match="Unknown task 'pos'"):
        Project.create(tmp_path / "q.db", "pos")


@pytest.mark.sqlite_only
def test_newer_schema_is_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    Project.create(path, "ner").close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer P-Tuning Studio"):
        Project(path)
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
def test_non_project_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(UserError, match="not a P-Tuning Studio project"):
        Project(path)


@pytest.mark.sqlite_only
def test_first_version_file_opens_and_upgrades_with_backup(tmp_path: Path) -> None:
    """A project saved by the first schema version opens, migrated to head, data intact."""
    path = tmp_path / "old.db"
    path.write_bytes(FIRST_VERSION.read_bytes())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
    project = Project(path)
    assert connection.current_revision(project._engine) == connection.head_revision()
    stats = project.stats()
    assert stats["documents"] == 3 and stats["by_label"] == {"PER": 1, "LOC": 1}
    if connection.head_revision() != "0001":
        assert project.backup is not None and project.backup.exists()
    project.close()


def test_migrations_are_linear_and_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from ptcore.db.models import Base

    scripts = ScriptDirectory.from_config(connection._alembic_config())
    assert len(scripts.get_heads()) == 1
    assert all(len(s._versioned_down_revisions) <= 1 for s in scripts.walk_revisions())
    project = Project.create(tmp_path / "p.db", "ner")
    with project._engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_object": connection.is_modelled}),
            Base.metadata,
        )
    assert diff == []
    project.close()


def test_failed_import_changes_nothing(ner_project: Project) -> None:
    before = ner_project.stats()
    records = [
        DocumentRecord("Berlin is big.", entities=[Span(0, 6, "LOC")], labeled=True, line=1),
        DocumentRecord("bad", entities=[Span(0, 9, "LOC")], labeled=True, line=2),
    ]
    with pytest.raises(UserError, match=r"in\.jsonl, line 2: .*not inside the text"):
        ner_project.import_records(records, Path("in.jsonl"))
    assert ner_project.stats() == before


def test_unknown_labels_refused_unless_allowed(ner_project: Project) -> None:
    records = [
        DocumentRecord("Acme Corp rocks.", entities=[Span(0, 9, "ORG")], labeled=True, line=1)
    ]
    with pytest.raises(UserError, match="labels not in the project: ORG"):
        ner_project.import_records(records, Path("in.jsonl"))
    result = ner_project.import_records(records, Path("in.jsonl"), ImportOptions(add_labels=True))
    assert result.labels_added == ["ORG"]
    assert "ORG" in ner_project.labels.names()


def test_text_duplicates_are_reported_not_doubled(ner_project: Project) -> None:
    records = [
        DocumentRecord("John lives in Paris.", line=1),
        DocumentRecord("New text", line=2),
        DocumentRecord("New text", line=3),
    ]
    options = ImportOptions(dedupe=Dedupe.TEXT)
    result = ner_project.import_records(records, Path("in.txt"), options)
    assert (result.documents, result.duplicates, result.duplicate_lines) == (1, 2, [1, 3])
    assert ner_project.stats()["documents"] == 3


def test_cancelled_import_changes_nothing(ner_project: Project) -> None:
    records = [DocumentRecord(f"text {i}", line=i) for i in range(5000)]
    with pytest.raises(ImportCancelled):
        ner_project.import_records(records, Path("in.txt"), ImportOptions(should_stop=lambda: True))
    assert ner_project.stats()["documents"] == 2


def test_splits_are_automatic_reproducible_and_overridable(tmp_path: Path) -> None:
    texts = [f"document number {i}" for i in range(400)]
    splits = []
    for name in ("a", "b"):
        project = Project.create(tmp_path / f"{name}.db", "classification")
        project.import_records(
            [DocumentRecord(t) for t in reversed(texts) if name == "b"]
            or [DocumentRecord(t) for t in texts],
            Path("x"),
        )
        splits.append({d.text: d.split for d in project.documents.all()})
        project.close()
    assert splits[0] == splits[1]
    counts = {s: list(splits[0].values()).count(s) for s in ("train", "dev", "test")}
    assert 280 < counts["train"] < 360 and counts["dev"] > 20 and counts["test"] > 20


def test_full_text_search_english_and_chinese(ner_project: Project) -> None:
    ids = ner_project.documents.ids
    assert len(ids(DocumentFilter(search="Paris"))) == 1
    assert len(ids(DocumentFilter(search="北京"))) == 1  # two characters: no trigram
    assert len(ids(DocumentFilter(search="住在北京"))) == 1
    assert ids(DocumentFilter(search='"quoted')) == []
    assert len(ids(DocumentFilter(label="PER"))) == 1


@pytest.mark.sqlite_only
def test_killed_process_loses_no_committed_action(tmp_path: Path) -> None:
    """SIGKILL right after an annotation: on reopen the annotation is there."""
    path = tmp_path / "p.db"
    Project.create(path, "ner", ["PER"]).close()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from ptcore.records import DocumentRecord\n"
        "from ptcore.store.project import Project\n"
        f"p = Project(Path({str(path)!r}))\n"
        "p.import_records([DocumentRecord('Mary met John.')], Path('x'))\n"
        "p.annotations.add_entity(p.documents.ids()[0], 0, 4, 'PER')\n"
        "print('saved', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == -signal.SIGKILL and "saved" in result.stdout
    with Project(path) as project:
        assert [(e.start, e.end) for e in next(project.documents.all()).entities] == [(0, 4)]
