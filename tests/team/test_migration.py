"""Migration 0002 upgrades a first-version project file and keeps its data and search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ptcore.db import connection
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project

FIRST_VERSION = Path(__file__).parents[1] / "store" / "data" / "project_v0001.db"


def test_0001_file_upgrades_to_team_schema_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    path.write_bytes(FIRST_VERSION.read_bytes())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
        before = db.execute("SELECT id, text, status FROM documents ORDER BY id").fetchall()
        entities = db.execute('SELECT document_id, start, "end" FROM entities').fetchall()
    project = Project(path)
    assert connection.current_revision(project._engine) == "0002"
    assert project.backup is not None and project.backup.exists()
    project.close()
    with sqlite3.connect(path) as db:
        after = db.execute("SELECT id, text, status FROM documents ORDER BY id").fetchall()
        assert after == before
        assert db.execute('SELECT document_id, start, "end" FROM entities').fetchall() == entities
        assert {v for (v,) in db.execute("SELECT version FROM documents")} == {0}
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        assert {"annotator_documents", "annotator_entities", "reviews", "team_changes"} <= tables
        assert {"documents_ai", "documents_au", "documents_ad"} <= tables  # search triggers kept
    project = Project(path)
    word = before[0][1].split()[0]
    assert project.documents.ids(DocumentFilter(search=word))  # full-text search still works
    project.close()
