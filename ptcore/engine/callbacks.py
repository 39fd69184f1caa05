"""The one Qt-free interface between a training run and whoever watches it.

Every event of a run goes through ``TrainingCallbacks``: the run id once the run row exists,
progress after each step, each evaluation (with the run id, so nobody has to re-attach it),
the new best model (``on_best_model``: ``train_project`` stores its live predictions there),
messages, and the cooperative stop (as Orange3's ``is_interruption_requested``): training asks
``should_stop()`` after every step and stops cleanly, keeping its best model. The GUI turns
each call into a signal of its training session; the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the GUI imports this module at start-up: no torch here
    from transformers.tokenization_utils_base import PreTrainedTokenizerBase

    from ptcore.engine.decoding import Decoding, ItemPrediction
    from ptcore.engine.model import PrefixTunedModel


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
    """One evaluation on the dev set; ``model_dir`` is where the best model so far lives;
    ``run_id`` is the project run's (0 outside a project run)."""

    step: int
    epoch: float
    metrics: dict[str, Any] = field(default_factory=dict)
    is_best: bool = False
    model_dir: str = ""
    run_id: int = 0


@dataclass(frozen=True)
class BestModel:
    """The model just saved as the best so far, with its dev predictions (none when it was
    kept unscored or there is no dev split), for whoever predicts with it while it trains."""

    model: PrefixTunedModel
    tokenizer: PreTrainedTokenizerBase
    decoding: Decoding
    dev_items: list[list[ItemPrediction]]


class TrainingCallbacks:
    """Does nothing and never stops: subclass and override what you need."""

    def on_run_started(self, run_id: int) -> None:
        """Called once the run row exists, before any model loads (so a GUI can follow it)."""

    def on_progress(self, info: ProgressInfo) -> None:
        """Called after every optimizer step (from the training thread)."""

    def on_best_model(self, best: BestModel) -> None:
        """Called when an evaluation saved a new best model, before its ``on_eval``."""

    def on_eval(self, info: EvalInfo) -> None:
        """Called after every evaluation, once the best model (if improved) is saved and,
        in ``train_project``, its live predictions are stored."""

    def on_message(self, message: str) -> None:
        """Something the user should read, e.g. "Out of memory: retrying with batch 8"."""

    def should_stop(self) -> bool:
        """Return True to stop after the current step (a cancel button, Ctrl-C)."""
        return False
