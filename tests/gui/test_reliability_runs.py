"""Findings 1 and 6 in the GUI: an interrupted run can be deleted; a model folder outside the
project's models folder is never removed, and the person is told."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.support.messages import MessageBridge
from app.training.runs_view import RunsView
from ptcore.store.project import Project
from tests.gui.test_training_views import select_rows

START_RUN = (
    "import sys; from ptcore.store.project import Project; "
    "Project(sys.argv[1]).runs.start({}, {}, 'CPU', 0)"
)


def _yes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)


def test_a_run_left_running_by_a_dead_process_can_be_deleted(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.db"
    Project.create(path, "ner").close()
    subprocess.run([sys.executable, "-c", START_RUN, str(path)], check=True, env=os.environ.copy())
    with Project(path) as project:
        view = RunsView(project, MessageBridge())
        qtbot.addWidget(view)
        select_rows(view, [0])
        assert view.model.rows[0][1] == "interrupted" and view.buttons["delete"].isEnabled()
        _yes(monkeypatch)
        qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
        assert project.runs.all() == []


def test_delete_never_removes_a_folder_outside_models(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work")
    with Project.create(tmp_path / "p.db", "ner") as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
        project.runs.finish(run_id, "finished", model_dir=str(documents))
        bridge = MessageBridge()
        view = RunsView(project, bridge)
        qtbot.addWidget(view)
        select_rows(view, [0])
        _yes(monkeypatch)
        with qtbot.waitSignal(bridge.user_error_shown, timeout=5000) as shown:
            qtbot.mouseClick(view.buttons["delete"], Qt.MouseButton.LeftButton)
        assert "outside" in shown.args[0]
    assert (documents / "thesis.txt").read_text() == "years of work"
