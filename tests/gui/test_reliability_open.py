"""Finding 5 in the GUI: a file that is not an intact, writable project gets a message and
stays exactly as it was; no window opens, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ptcore.store.project import Project
from tests.reliability.files import read_only


def _empty(tmp_path: Path) -> Path:
    (tmp_path / "empty.db").touch()
    return tmp_path / "empty.db"


def _foreign(tmp_path: Path) -> Path:
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE t (x)")
    return tmp_path / "other.db"


def _text(tmp_path: Path) -> Path:
    (tmp_path / "notes.db").write_text("notes\n" * 50)
    return tmp_path / "notes.db"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_empty, "is empty"),
        (_foreign, "not a P-Tuning Studio project"),
        (_text, "not an SQLite database"),
    ],
)
def test_a_bad_file_gets_a_message_and_is_untouched(qtbot, shell, tmp_path, make, problem) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    before = path.read_bytes()
    shell.show_start()
    with qtbot.waitSignal(shell.bridge.user_error_shown) as shown:
        assert shell.open_project(path) is None
    assert problem in shown.args[0] and shell.window is None
    assert path.read_bytes() == before


def test_a_read_only_project_gets_a_message(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.db"
    Project.create(path, "ner").close()
    shell.show_start()
    with read_only(path), qtbot.waitSignal(shell.bridge.user_error_shown) as shown:
        assert shell.open_project(path) is None
    assert "read-only" in shown.args[0]
