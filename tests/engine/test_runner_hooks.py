"""The runner's hooks for the GUI: the run id before any model loads, per-document evaluation."""

from __future__ import annotations

from pathlib import Path

from ptcore.engine.callbacks import BestModel, EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.runner import evaluate_documents, evaluate_project, train_project
from tests.engine.projects import classification_project, fast_settings


class Recorder(TrainingCallbacks):
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def on_run_started(self, run_id: int) -> None:
        self.events.append(("started", run_id))

    def on_progress(self, info: ProgressInfo) -> None:
        self.events.append(("progress", info.step))

    def on_eval(self, info: EvalInfo) -> None:
        self.events.append(("eval", info.step))


def test_run_started_comes_first_and_predictions_exist_at_each_eval(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        recorder = Recorder()
        seen: list[int] = []
        original = recorder.on_eval

        def on_eval(info: EvalInfo) -> None:
            seen.append(len(project.runs.predictions(run_id_of(recorder))))
            original(info)

        recorder.on_eval = on_eval  # type: ignore[method-assign]
        run_id = train_project(project, fast_settings(epochs=2), recorder)
        assert recorder.events[0] == ("started", run_id)
        assert seen and all(count > 0 for count in seen)


def run_id_of(recorder: Recorder) -> int:
    return int(recorder.events[0][1])  # type: ignore[call-overload]


def test_evaluate_documents_returns_records_and_items(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run_id = train_project(project, fast_settings(epochs=2))
        evaluation = evaluate_documents(project, run_id)
        assert len(evaluation.records) == len(evaluation.items) == evaluation.metrics["documents"]
        assert evaluation.metrics == evaluate_project(project, run_id)


class BestAndEval(TrainingCallbacks):
    """Records the order of the best-model and evaluation events, with what each carried."""

    def __init__(self, project) -> None:  # type: ignore[no-untyped-def]
        self.project, self.events, self.run_id = project, [], 0

    def on_run_started(self, run_id: int) -> None:
        self.run_id = run_id

    def on_best_model(self, best: BestModel) -> None:
        stored = len(self.project.runs.predictions(self.run_id))
        self.events.append(("best", len(best.dev_items), stored))

    def on_eval(self, info: EvalInfo) -> None:
        self.events.append(("eval", info.run_id, info.is_best))


def test_one_protocol_carries_the_run_id_and_the_best_model(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        watcher = BestAndEval(project)
        run_id = train_project(project, fast_settings(epochs=2), watcher)
    evals = [e for e in watcher.events if e[0] == "eval"]
    assert evals and all(e[1] == run_id for e in evals)
    for before, after in zip(watcher.events, watcher.events[1:], strict=False):
        if before[0] == "best":  # stored first, then announced, then its evaluation
            assert before[1] > 0 and before[2] > 0 and after == ("eval", run_id, True)
    assert sum(e[0] == "best" for e in watcher.events) == sum(e[2] for e in evals)
