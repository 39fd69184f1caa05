"""What the CLI prints about training: the progress bar, each evaluation, a run's outcome
and some of its predictions."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.tasks.registry import spec_for
from ptcore.records import Status, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project
from ptcore.store.views import Run

BAR_WIDTH = 30
HEADLINES = {
    Task.CLASSIFICATION: ("accuracy", "macro_f1"),
    Task.MULTILABEL: ("accuracy", "macro_f1"),
    Task.NER: ("precision", "recall", "f1"),
    Task.QA: ("exact_match", "f1"),
}


class ConsoleCallbacks(TrainingCallbacks):
    """Progress bar and evaluations on stderr; the first Ctrl-C (or ``stop_file`` appearing)
    asks training to stop."""

    def __init__(self, task: Task, stop_file: Path | None = None) -> None:
        self.task, self.stop_requested = task, False
        self.stop_file = stop_file

    def on_progress(self, info: ProgressInfo) -> None:
        done = int(BAR_WIDTH * info.step / max(info.total_steps, 1))
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        line = (
            f"\r[{bar}] step {info.step}/{info.total_steps} epoch {info.epoch:.2f} "
            f"loss {info.loss:.4f} {info.examples_per_s:.1f} ex/s eta {info.eta_s:.0f}s"
        )
        print(line, end="", file=sys.stderr, flush=True)

    def on_eval(self, info: EvalInfo) -> None:
        scores = (
            " ".join(
                f"{k} {info.metrics[k]:.4f}" for k in HEADLINES[self.task] if k in info.metrics
            )
            or "no dev split"
        )
        best = " (best, saved)" if info.metrics and info.is_best else " (saved)"
        print(f"\neval step {info.step} epoch {info.epoch:.2f}: {scores}{best}", file=sys.stderr)

    def on_message(self, message: str) -> None:
        print(f"\n{message}", file=sys.stderr)

    def should_stop(self) -> bool:
        return self.stop_requested or bool(self.stop_file and self.stop_file.exists())

    def interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        """First Ctrl-C: stop after this step; a second one aborts at once."""
        if self.stop_requested:
            raise KeyboardInterrupt
        self.stop_requested = True
        print("\nStopping after this step (Ctrl-C again to abort)...", file=sys.stderr)


def print_run(project: Project, run: Run) -> None:
    run_id, status, metrics, task = run.id, run.status, run.metrics, project.task
    device = run.device
    trainable = metrics.get("trainable", {})
    scores = ", ".join(f"{k} {metrics[k]:.4f}" for k in HEADLINES[task] if k in metrics)
    print(f"Run {run_id} {ending(status, metrics)} on {device}: {scores or 'no dev score'}.")
    if trainable:
        print(
            f"Trainable parameters: {trainable['trainable']:,} of {trainable['total']:,} "
            f"({100 * trainable['fraction']:.2f}%)."
        )
    if run.model_dir:
        kept = metrics.get("kept", {}).get("why", "the best model")
        print(f"Kept {kept}; saved in {project.model_folder(run)}.")
    pending = metrics.get("pending_predictions", [])
    if pending:
        print(
            f"{len(pending)} documents still lack its predictions: "
            f"python -m ptcore predict {shlex.quote(str(project.location))} --run {run_id} "
            "--pending adds them."
        )


ENDINGS = {
    "time_limit": "stopped at the time limit",
    "patience": "stopped early (patience)",
    "cancelled": "cancelled",
    "diverged": "failed (diverged)",
}


def ending(status: str, metrics: dict[str, Any]) -> str:
    """What ended a run, in words: finished, stopped at the time limit, cancelled, failed."""
    return ENDINGS.get(metrics.get("ended", ""), status)


def print_predictions(project: Project, run_id: int, count: int) -> None:
    """Some unlabeled documents with the model's predictions (QA: each question's answer)."""
    unlabeled = project.documents.ids(DocumentFilter(status=Status.UNLABELED))[:count]
    predictions = project.runs.predictions(run_id, unlabeled)
    spec = spec_for(project.task)
    for document_id in unlabeled:
        document = project.documents.get(document_id)
        questions = {q.id: q.text for q in document.questions}
        print(f"- {document.text[:70]!r}")
        for prediction in (p for p in predictions if p.document_id == document_id):
            asked = questions.get(prediction.question_id or -1)
            what = f"{asked!r} -> " if asked else "-> "
            print(
                f"    {what}{spec.line(prediction.payload, document.text)} "
                f"(confidence {prediction.confidence:.2f})"
            )
