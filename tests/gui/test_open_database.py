"""Open database…: a project on a PostgreSQL server opens from the start page and the File
menu, joins the recent list by its URL, and a URL with a password is refused unshown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app.project.import_export import ExportRequest
from app.project.transfer import export_op
from ptcore.db.location import MODELS_ENV
from ptcore.records import DocumentRecord
from ptcore.store.project import Project

SECRET = "s3cr3t-Pa55"


class _Unstopped:
    """A background job's progress that nobody cancels."""

    def should_stop(self) -> bool:
        return False

    def report(self, *_args: object) -> None:
        pass


def _typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The user types ``text`` into the dialog and presses OK."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: (text, True))


def test_a_server_project_opens_and_is_remembered_by_its_url(
    qtbot, shell, fresh_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "models"))
    with Project.create(fresh_database, "classification", ["pos", "neg"]) as project:
        project.import_records([DocumentRecord("good film", labels=["pos"])], Path("a.jsonl"))
    shell.show_start()
    _typed(monkeypatch, fresh_database)
    qtbot.mouseClick(shell.start.database_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=5000)
    assert str(shell.window.project.location) == fresh_database
    assert shell.window.panel.model.rowCount() == 1
    out = tmp_path / "out.jsonl"  # the GUI's export, from a project that has no file
    request = ExportRequest(out, "jsonl")
    export = export_op(shell.window.project, request)
    assert "Exported 1 documents" in export(_Unstopped())  # type: ignore[arg-type]
    assert "good film" in out.read_text(encoding="utf-8")
    assert [str(w) for w in shell.settings.recent_projects()] == [fresh_database]
    shell.close_project()
    item = shell.start.recent_list.item(0)
    assert item.toolTip() == fresh_database
    shell.start.recent_list.itemActivated.emit(item)
    assert shell.window is not None and shell.window.project.task == "classification"


def test_a_url_with_a_password_is_refused_from_the_file_menu(
    qtbot, shell, sentiment_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = shell.open_project(sentiment_project)
    _typed(monkeypatch, f"postgresql://ann:{SECRET}@db.example.org/labels")
    with qtbot.waitSignal(shell.bridge.user_error_shown) as shown:
        window.open_database_action.trigger()
    assert "PGPASSWORD" in shown.args[0] and SECRET not in shown.args[0]
    assert shell.window is window  # the open project stays
    assert all(SECRET not in str(w) for w in shell.settings.recent_projects())
