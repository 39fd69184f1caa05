"""The small, Qt-free interface between a training run and whoever watches it.

The GUI worker subclasses ``TrainingCallbacks`` and turns each call into a signal; the CLI
prints. Cancelling is cooperative (as in Orange3's ``is_interruption_requested``): training
asks ``should_stop()`` after every step and stops cleanly, keeping its best model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProgressInfo:
    """Where training is, after one optimizer step."""

    step: int
    total_steps: int
    epoch: float
    loss: float
    elapsed_s: float
    eta_s: float
    examples_per_s: float


@dataclass(frozen=True)
class EvalInfo:
    """One evaluation on the dev set; ``model_dir`` is where the best model so far lives."""

    step: int
    epoch: float
    metrics: dict[str, Any] = field(default_factory=dict)
    is_best: bool = False
    model_dir: str = ""


class TrainingCallbacks:
    """Does nothing and never stops: subclass and override what you need."""

    def on_run_started(self, run_id: int) -> None:
        """Called once the run row exists, before any model loads (so a GUI can follow it)."""

    def on_progress(self, info: ProgressInfo) -> None:
        """Called after every optimizer step (from the training thread)."""

    def on_eval(self, info: EvalInfo) -> None:
        """Called after every evaluation, once the best model (if improved) is saved and,
        in ``train_project``, its live predictions are stored."""

    def on_message(self, message: str) -> None:
        """Something the user should read, e.g. "Out of memory: retrying with batch 8"."""

    def should_stop(self) -> bool:
        """Return True to stop after the current step (a cancel button, Ctrl-C)."""
        return False
