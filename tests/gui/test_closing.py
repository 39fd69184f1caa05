"""Closing or switching projects while long work runs: every way out asks once; No keeps
the window, the project and the work exactly as they were; Yes stops the work cleanly
(training keeps its best model) and only then closes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.support.background import run_in_background
from ptcore.store.project import Project
from tests.gui.conftest import focused, open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 60_000
NO, YES = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes


class Answers:
    """Stands in for the question box: records each question, answers from a script."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.next = NO
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: object, _title: str, text: str, *_rest: object) -> object:
        self.asked.append(text)
        return self.next


def other_project(tmp_path: Path) -> Path:
    folder = tmp_path / "other"
    folder.mkdir()
    return tiny_project(folder)


def ways_out(qtbot, shell, window, tmp_path):  # type: ignore[no-untyped-def]
    """Every way a person leaves a project, as they would do it."""
    other = other_project(tmp_path)
    return {
        "Ctrl+W": lambda: qtbot.keyClick(
            focused(window), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
        ),
        "File ▸ Close project": window.close_action.trigger,
        "Ctrl+Q": lambda: qtbot.keyClick(
            focused(window), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
        ),
        "the window's close button": window.close,
        "opening another project": lambda: shell.open_project(other),
        "a demo": lambda: shell.open_demo("classification"),
    }


def start_training(qtbot, window) -> int:  # type: ignore[no-untyped-def]
    panel = window.training.panel
    use_tiny_settings(panel, epochs=200)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS) as evaluation:
        window.training.train_action.trigger()
    return int(evaluation.args[0])


def test_no_keeps_the_window_and_training_on_every_way_out(
    qtbot, shell, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    run_id = start_training(qtbot, window)
    answers = Answers(monkeypatch)
    worker = window.training.panel.session.worker
    for name, leave in ways_out(qtbot, shell, window, tmp_path).items():
        asked = len(answers.asked)
        leave()
        qtbot.waitUntil(lambda n=asked: len(answers.asked) > n, timeout=RUN_MS)
        qtbot.wait(50)  # anything deferred (deleteLater, queued quits) would happen here
        assert len(answers.asked) == asked + 1, f"{name}: asked {len(answers.asked) - asked}×"
        assert shell.window is window and window.isVisible(), name
        assert shell.start is None or not shell.start.isVisible(), name
        assert window.training.panel.session.worker is worker and worker.is_running(), name
        assert window.project.runs.get(run_id).status == "running", name
    answers.next = YES
    qtbot.keyClick(focused(window), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert shell.window is None and not worker.is_running()
    assert shell.start is not None and shell.start.isVisible()
    with Project(tmp_path / "cls.db") as project:
        run = project.runs.get(run_id)
        assert run.status == "cancelled" and (tmp_path / run.model_dir).is_dir()  # the best model


def test_yes_on_opening_another_project_stops_training_then_switches(
    qtbot, shell, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    run_id = start_training(qtbot, window)
    worker = window.training.panel.session.worker
    answers = Answers(monkeypatch)
    answers.next = YES
    other = other_project(tmp_path)
    new_window = shell.open_project(other)
    assert len(answers.asked) == 1 and "Training" in answers.asked[0]
    assert new_window is not None and shell.window is new_window
    assert new_window.project_path == other and not worker.is_running()
    assert not window.training.panel.is_running()  # its last signals arrived before closing
    with Project(tmp_path / "cls.db") as project:
        run = project.runs.get(run_id)
        assert run.status == "cancelled" and (tmp_path / run.model_dir).is_dir()


def test_nothing_running_closes_without_asking(qtbot, shell, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    answers = Answers(monkeypatch)
    qtbot.keyClick(focused(window), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert answers.asked == [] and shell.window is None


def test_a_running_import_is_asked_about_and_cancelled(qtbot, shell, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    answers = Answers(monkeypatch)
    started, outcome = threading.Event(), []

    def slow_import(progress) -> None:  # type: ignore[no-untyped-def]
        started.set()
        while not progress.should_stop():
            threading.Event().wait(0.01)
        outcome.append("cancelled")

    job = run_in_background(slow_import, title="Importing")
    assert started.wait(10)
    window.close_action.trigger()
    assert answers.asked and "Importing" in answers.asked[0]
    assert shell.window is window and job.is_running()
    answers.next = YES
    window.close_action.trigger()
    assert shell.window is None and not job.is_running() and outcome == ["cancelled"]
