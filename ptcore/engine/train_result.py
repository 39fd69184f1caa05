"""What a training attempt produced, in the terms the run row keeps.

``train_result`` turns the evaluation callback's ``Outcome`` into a ``TrainResult``: the
status (finished, cancelled, failed), what ended training, and which rule chose the kept
model, in a sentence for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptcore.engine.examples import FINAL
from ptcore.engine.settings import TrainSettings
from ptcore.engine.trainer_callback import (
    STOP_CANCELLED,
    STOP_NAN,
    STOP_PATIENCE,
    STOP_TIME,
    Outcome,
)
from ptcore.store.views import RunStatus


@dataclass
class TrainResult:
    """What a run produced: ``status`` is finished, cancelled or failed."""

    status: RunStatus
    model_dir: str
    metrics: dict[str, Any]
    best_step: int
    error: str = ""
    batch_size: int = 0
    trainable: dict[str, Any] = field(default_factory=dict)


def train_result(
    outcome: Outcome,
    model_dir: Path,
    settings: TrainSettings,
    trainable: dict[str, Any],
    selection: str,
) -> TrainResult:
    saved = str(model_dir) if outcome.best_step else ""
    metrics = {**outcome.best_metrics, "trainable_fraction": trainable["fraction"]}
    metrics["ended"] = ENDINGS.get(outcome.stop_reason or "", "finished")
    if saved:
        metrics["kept"] = kept_reason(outcome, selection)
    if outcome.stop_reason == STOP_NAN:
        kept = f" The best model from step {outcome.best_step} was kept." if saved else ""
        error = (
            f"Training diverged: the loss became NaN/inf at step {outcome.nan_step}. "
            f"Lower the learning rate (now {settings.learning_rate:g}).{kept}"
        )
        return TrainResult(
            RunStatus.FAILED,
            saved,
            metrics,
            outcome.best_step,
            error,
            settings.batch_size,
            trainable,
        )
    status = RunStatus.CANCELLED if outcome.stop_reason == STOP_CANCELLED else RunStatus.FINISHED
    if outcome.stop_reason == STOP_TIME:
        metrics["stopped"] = "max_minutes"
    return TrainResult(
        status, saved, metrics, outcome.best_step, "", settings.batch_size, trainable
    )


ENDINGS = {
    STOP_TIME: "time_limit",
    STOP_CANCELLED: "cancelled",
    STOP_NAN: "diverged",
    STOP_PATIENCE: "patience",
}


def kept_reason(outcome: Outcome, selection: str) -> dict[str, Any]:
    """Which rule chose the kept model, at which step, in a sentence for people."""
    last = outcome.last_step
    if outcome.unscored:
        return {
            "rule": FINAL,
            "step": outcome.best_step,
            "last_step": last,
            "why": f"the final model (step {last}): the time limit came before any "
            "evaluation on dev",
        }
    if selection == FINAL:
        why = (
            f"the final model (step {last}): too few labeled documents for a dev split "
            "that ranks checkpoints"
        )
    else:
        why = (
            f"the best dev score, {outcome.best_score:.3f} at step {outcome.best_step} of "
            f"{last} (a tie goes to the later step)"
        )
    return {"rule": selection, "step": outcome.best_step, "last_step": last, "why": why}
