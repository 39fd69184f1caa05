"""A time limit bounds the whole run; predictions it cut short are finished later."""

from __future__ import annotations

import time
from pathlib import Path

from ptcore.engine.callbacks import ProgressInfo
from ptcore.engine.examples import collect_examples
from ptcore.engine.runner import PENDING_KEY, predict_pending, train_project
from ptcore.engine.trainer import train_model
from tests.engine.projects import classification_project, fast_settings
from tests.engine.test_trainer import Recorder


class Progress(Recorder):
    def __init__(self) -> None:
        super().__init__()
        self.infos: list[ProgressInfo] = []

    def on_progress(self, info: ProgressInfo) -> None:
        super().on_progress(info)
        self.infos.append(info)


def test_eta_never_runs_past_the_time_limit(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        data, base = collect_examples(project), project.info().base_model
    recorder = Progress()
    started = time.monotonic()
    result = train_model(
        data, fast_settings(epochs=500, max_minutes=0.05), tmp_path / "m", base, recorder
    )
    assert result.metrics["ended"] == "time_limit" and result.metrics["stopped"] == "max_minutes"
    first = recorder.infos[0]
    assert first.eta_s <= 3.0 < (first.total_steps - first.step) * first.elapsed_s / first.step
    assert time.monotonic() - started < 3.0 + 2.0  # the deadline, plus one step and the save


def test_predictions_cut_by_the_deadline_are_pending_then_finished(tmp_path: Path) -> None:
    with classification_project(tmp_path, unlabeled=40) as project:
        deadline = time.monotonic() + 1e-3
        run_id = train_project(project, fast_settings(epochs=50), deadline=deadline)
        run = project.runs.get(run_id)
        assert run.metrics["ended"] == "time_limit" and run.model_dir
        # No time was left to score dev either: the final model is kept, unscored.
        assert "the time limit came before any evaluation" in run.metrics["kept"]["why"]
        pending = run.metrics[PENDING_KEY]
        assert pending == project.documents.ids()
        assert project.runs.predictions(run_id, pending) == []
        visible = pending[-3:]
        assert predict_pending(project, run_id, first=visible) == len(pending)
        assert project.runs.get(run_id).metrics[PENDING_KEY] == []
        assert {p.document_id for p in project.runs.predictions(run_id)} >= set(pending)
        assert predict_pending(project, run_id) == 0
