"""Finding 2 (CLI): two imports into one project run one after the other, or one fails
with a message; never a traceback."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ptcore import cli
from ptcore.db import connection
from ptcore.store.project import Project
from tests.reliability.files import run_cli


def _jsonl(path: Path, count: int, word: str) -> Path:
    lines = [json.dumps({"text": f"{word} document {i}.", "entities": []}) for i in range(count)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_two_cli_imports_at_once_both_land(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    Project.create(project, "ner", ["PER"]).close()
    files = [_jsonl(tmp_path / f"{w}.jsonl", 20000, w) for w in ("first", "second")]
    command = [sys.executable, "-m", "ptcore", "import", str(project)]
    processes = [
        subprocess.Popen([*command, str(f)], stderr=subprocess.PIPE, text=True) for f in files
    ]
    errors = [p.communicate(timeout=600)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], errors
    assert "Traceback" not in "".join(errors)
    with Project(project) as opened:
        assert opened.stats()["documents"] == 40000


def test_import_waits_then_fails_cleanly_when_the_project_stays_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.db"
    Project.create(project, "ner", ["PER"]).close()
    source = _jsonl(tmp_path / "a.jsonl", 10, "some")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(project, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert cli.main(["import", str(project), str(source)]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert err.startswith(f"error: {project}: the project is busy")
    assert run_cli("import", project, source).returncode == 0
