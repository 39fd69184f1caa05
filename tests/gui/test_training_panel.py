"""The Train dock: a run end to end, cancel, problems shown in the panel, closing mid-run."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.training import active
from ptcore.records import DocumentRecord, Split
from ptcore.store.project import Project
from tests.engine.projects import backbone
from tests.gui.conftest import open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 60_000


def test_train_click_shows_progress_evaluations_and_finishes(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS) as evaluation:
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    run_id = evaluation.args[0]
    assert panel.progress.value() > 0 and "ETA" in panel.progress.format()
    assert panel.chart.point_count() >= 2  # loss points and a dev score
    assert panel.metrics_model.rowCount() == 2  # pos, neg
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        pass
    assert finished.args == [run_id, "finished"]
    qtbot.waitUntil(lambda: not panel.is_running())
    run = window.project.runs.get(run_id)
    assert run.status == "finished" and window.project.model_folder(run).is_dir()
    assert len(window.project.runs.metrics(run_id)) == 2
    assert active.active_run(window.project) == run_id
    assert window.predictions.run_id == run_id
    assert f"Run {run_id} finished" in panel.result_label.text()
    assert window.training.train_action.isEnabled()


def test_cancel_stops_quickly_and_keeps_the_best_model(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=200)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS) as evaluation:
        window.training.train_action.trigger()
    asked = time.monotonic()
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - asked < 3.0
    assert finished.args == [evaluation.args[0], "cancelled"]
    run = window.project.runs.get(evaluation.args[0])
    assert run.status == "cancelled" and window.project.model_folder(run).is_dir()
    assert "cancelled. Kept model:" in panel.result_label.text()
    qtbot.waitUntil(lambda: not panel.is_running())


def test_one_class_says_why_it_cannot_start(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one.db"
    base = str(backbone(tmp_path / "tiny-bert"))
    with Project.create(path, "classification", ["pos", "neg"], base_model=base) as project:
        docs = [
            DocumentRecord(
                f"the film {i} was good", labels=["pos"], labeled=True, split=Split.TRAIN
            )
            for i in range(8)
        ]
        project.import_records(docs, Path("x.jsonl"))
    window = open_active(qtbot, shell, path)
    panel = window.training.panel
    panel.check_readiness()
    qtbot.waitUntil(lambda: "same class" in panel.status_label.text(), timeout=10_000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=10_000)
    assert panel.status_label.text().startswith("Cannot start")
    assert "label at least two classes" in panel.status_label.text()
    assert window.project.runs.all() == []


def test_readiness_explains_training_without_a_dev_split(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nodev.db"
    with Project.create(path, "classification", ["pos", "neg"]) as project:
        docs = [
            DocumentRecord(
                f"text {i}", labels=["pos" if i % 2 else "neg"], labeled=True, split=Split.TRAIN
            )
            for i in range(10)
        ]
        project.import_records(docs, Path("x.jsonl"))
    panel = open_active(qtbot, shell, path).training.panel
    panel.check_readiness()
    qtbot.waitUntil(lambda: "too few for a dev split" in panel.status_label.text(), timeout=10_000)
    assert "Ready: 10 training and 0 dev" in panel.status_label.text()
    assert "keeping the final model" in panel.status_label.text()


def test_bad_model_folder_shows_in_the_panel(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tiny_project(tmp_path)
    with Project(path) as project:
        project.update_info(base_model=str(tmp_path / "nowhere"))
    window = open_active(qtbot, shell, path)
    panel = window.training.panel
    use_tiny_settings(panel)
    reports: list[str] = []
    shell.bridge.bug_reported.connect(reports.append)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_MS)
    assert "not a transformers model folder" in panel.status_label.text()
    assert reports == [] and window.isVisible()


def test_closing_mid_run_asks_then_stops(qtbot, shell, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=200)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS) as evaluation:
        window.training.train_action.trigger()
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    assert not window.close() and panel.is_running()
    worker = panel.session.worker
    assert window.close()
    assert worker is not None and not worker.is_running()
    with Project(tmp_path / "cls.db") as project:
        assert project.runs.get(evaluation.args[0]).status == "cancelled"


def test_the_panel_stays_narrow_before_any_run(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Its captions wrap: one unwrapped line ("Per-label scores appear after the first
    evaluation.") once widened the dock past a 1,366 px screen and cut off Cancel."""
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    caption = panel.table_caption
    one_line = caption.fontMetrics().horizontalAdvance(caption.text())
    assert panel.minimumSizeHint().width() < one_line
