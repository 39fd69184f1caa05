"""What the Training panel shows when a run ends: why it ended, the kept model, its scores."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from app.training import active
from app.training.tables import metric_rows
from ptcore.engine.runner import train_project
from ptcore.records import Status
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project
from tests.engine.projects import fast_settings
from tests.gui.conftest import focused, open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 60_000


def table_rows(panel) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return list(panel.metrics_model.rows)


def test_time_limit_is_stated_and_the_kept_model_shown(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=5000)
    panel.form.max_minutes.setValue(0.2)  # 12 s, from the click
    etas: list[float] = []
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        window.training.train_action.trigger()
        panel.session.progress.connect(lambda info: etas.append(info.eta_s))
    run_id = finished.args[0]
    qtbot.waitUntil(lambda: not panel.is_running())
    run = window.project.runs.get(run_id)
    assert run.metrics["ended"] == "time_limit"
    assert etas and max(etas) <= 12.0  # the steps alone would take minutes
    assert "stopped at the time limit (0.2 min)" in panel.result_label.text()
    assert panel.progress.format() == "Stopped at the time limit"
    assert window.predictions.run_id == run_id == active.active_run(window.project)
    kept_step = run.metrics["kept"]["step"]
    if "per_label" in run.metrics:
        assert panel.table_caption.text() == f"Kept model (step {kept_step}), per label:"
        assert table_rows(panel) == metric_rows(run.metrics)[1]
    else:  # a busy machine: the limit came before any evaluation
        assert panel.table_caption.text() == f"Kept model (step {kept_step}): not scored on dev."
        assert table_rows(panel) == []


def test_the_result_stays_when_the_user_labels(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=1)
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running())
    result = panel.result_label.text()
    assert result.startswith(f"Run {finished.args[0]} finished. Kept model:")
    assert "Kept the best dev score" in result
    unlabeled = window.project.documents.ids(DocumentFilter(status=Status.UNLABELED))
    window.panel.select_document(unlabeled[0])
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # a label: readiness is checked again
    qtbot.waitUntil(lambda: panel.status_label.text().startswith("Ready:"), timeout=10_000)
    assert panel.result_label.isVisible() and panel.result_label.text() == result


def test_after_cancel_the_kept_models_predictions_show_at_once(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path, runs=1))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=200)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS) as evaluation:
        window.training.train_action.trigger()
    run_id = evaluation.args[0]
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS):
        panel.cancel()
    qtbot.waitUntil(lambda: not panel.is_running())
    assert window.project.runs.get(run_id).status == "cancelled"
    assert window.predictions.run_id == run_id == active.shown_run(window.project)
    assert panel.table_caption.text().startswith("Kept model (step ")


def test_while_training_the_table_shows_the_latest_evaluation(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=2)
    with qtbot.waitSignal(panel.session.evaluated, timeout=RUN_MS):
        window.training.train_action.trigger()
    assert panel.table_caption.text().startswith("Latest evaluation (step ")
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_MS)


def test_predictions_a_time_limit_left_are_finished_open_document_first(  # type: ignore[no-untyped-def]
    qtbot, shell, tmp_path, monkeypatch
) -> None:
    from ptcore.engine import runner

    path = tiny_project(tmp_path)
    with Project(path) as project:
        run_id = train_project(project, fast_settings(epochs=50), deadline=time.monotonic())
        pending = project.runs.get(run_id).metrics[runner.PENDING_KEY]
    assert pending
    window = open_active(qtbot, shell, path)
    window.panel.select_document(pending[-1])
    asked: list[list[int]] = []
    original = runner.predict_pending

    def predict_pending(project, run, first):  # type: ignore[no-untyped-def]
        asked.append(list(first))
        return original(project, run, first)

    monkeypatch.setattr(runner, "predict_pending", predict_pending)
    with qtbot.waitSignal(window.predictions.changed, timeout=RUN_MS):
        window.training.panel.session.run_finished.emit(run_id, "finished")
    qtbot.waitUntil(
        lambda: window.project.runs.get(run_id).metrics[runner.PENDING_KEY] == [], timeout=RUN_MS
    )
    assert asked and asked[0][0] == pending[-1]
    assert window.predictions.run_id == run_id
    # Stored first, then the hub reloads on the GUI thread when the background job reports.
    qtbot.waitUntil(lambda: bool(window.predictions.for_document(pending[-1])), timeout=RUN_MS)
