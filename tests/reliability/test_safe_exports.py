"""Finding 3: an export never lands on a project, and is written whole or not at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.records import DocumentRecord, Span
from ptcore.store import safe_output
from ptcore.store.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    with Project.create(path, "ner", ["PER"]) as opened:
        opened.import_records(
            [DocumentRecord("Ann met Bob.", entities=[Span(0, 3, "PER")], labeled=True, line=1)],
            Path("seed.jsonl"),
        )
    return path


def _intact(path: Path) -> None:
    with Project(path) as opened:
        assert opened.stats()["documents"] == 1


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_project_file_is_refused(
    project: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.with_name(project.name + suffix)
    assert main(["export", str(project), str(target), "--format", "ner-jsonl"]) == 1
    assert "project file" in capsys.readouterr().err
    _intact(project)


def test_export_onto_another_project_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.db"
    Project.create(other, "ner").close()
    assert main(["export", str(project), str(other), "--format", "ner-jsonl"]) == 1
    assert "SQLite database" in capsys.readouterr().err
    with sqlite3.connect(other) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_a_failing_export_leaves_the_previous_file(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["export", str(project), str(out), "--format", "ner-jsonl"]) == 0
    before = out.read_text()

    def broken(records: object, path: Path, *_args: object, **_options: object) -> int:
        path.write_text('{"text": "half')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ptcore.exporting.write_records", broken)  # the one export path
    assert main(["export", str(project), str(out), "--format", "ner-jsonl"]) == 1
    assert "error: No space left on device" in capsys.readouterr().err
    assert out.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "p.db"]


def test_predict_file_out_is_refused_on_a_project(project: Path) -> None:
    with pytest.raises(safe_output.UserError, match="SQLite database"):
        safe_output.check_target(project)
