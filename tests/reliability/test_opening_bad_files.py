"""Finding 5: opening a file changes nothing until it is known to be a project."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ptcore.errors import UserError
from ptcore.records import DocumentRecord
from ptcore.store.project import Project
from tests.reliability.files import read_only, run_cli

SECRET = "Confidential text that must never be printed"


def _project(path: Path) -> Path:
    with Project.create(path, "ner", ["PER"]) as project:
        records = [DocumentRecord(f"{SECRET} {i}.", line=i) for i in range(300)]
        project.import_records(records, Path("seed.jsonl"))
    return path


def _refused(path: Path, match: str) -> None:
    """Refused with ``match`` by the engine and the CLI, the file's bytes unchanged."""
    before = path.read_bytes()
    with pytest.raises(UserError, match=match):
        Project(path)
    result = run_cli("stats", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert result.stderr.startswith("error: ") and str(path) in result.stderr
    assert path.read_bytes() == before


def test_empty_file_is_refused_and_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    _refused(path, "is empty")
    assert path.stat().st_size == 0
    assert run_cli("init", path, "--task", "ner").returncode == 1


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes\n" * 100)
    _refused(path, "not an SQLite database")


def test_truncated_project_is_refused(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    _refused(path, "truncated")


def test_foreign_sqlite_is_refused_and_not_switched_to_wal(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    _refused(path, "not a P-Tuning Studio project")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_corrupt_page_is_found_and_the_backup_offered(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    backup = tmp_path / "p.db.backup-20260101-000000"
    backup.write_bytes(path.read_bytes())
    with sqlite3.connect(path) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[
            0
        ]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    offset = (root - 1) * page_size
    data[offset + 8 : offset + 200] = b"\xff" * 192  # the table's root page: cell pointers
    path.write_bytes(bytes(data))
    _refused(path, "damaged")
    with pytest.raises(UserError, match=str(backup.name)):
        Project(path)


def test_read_only_file_gets_a_message_without_document_texts(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db")
    with read_only(path):
        _refused(path, "read-only")


def test_read_only_folder_gets_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _project(folder / "p.db")
    with read_only(folder):
        _refused(path, "read-only")
