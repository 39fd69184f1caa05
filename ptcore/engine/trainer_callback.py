"""The ``TrainerCallback`` that evaluates on dev, keeps the best model and stops training.

transformers' Trainer runs the loop; this callback adds what P-Tuning Studio needs around it:
progress for the GUI, evaluation with threshold tuning, saving the best prefix + head (so a
stopped run still has a model, as flair's ``TrainingInterrupt`` does), early stopping, and
stopping by ``control.should_training_stop`` on cancel, time limit or a NaN loss.

Which model is kept: the best dev score, and on a tie the later checkpoint (it has trained
more on the same evidence); without a dev split (``TrainingData.selection == FINAL``) the
latest one, saved at each evaluation point and at the end. The time limit is a deadline for
the whole command: training stops early enough to leave ``reserve()`` seconds for the final
evaluation and predictions, estimated from how long evaluations took.

Under torchrun every rank runs this callback at the same steps (``distributed.py``): the stop
flags are agreed after each step, the lead alone scores dev, saves and reports, and broadcasts
the scores so every rank keeps the same books (best, patience) and stops on the same step.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine.callbacks import BestModel, EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.checkpoint import save_model
from ptcore.engine.decoding import Decoding, ItemPrediction, decode, headline, score, tune
from ptcore.engine.distributed import SINGLE, Ranks
from ptcore.engine.examples import FINAL, TrainingData
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import run_model

STOP_CANCELLED, STOP_TIME, STOP_NAN, STOP_PATIENCE = "cancelled", "time", "nan", "patience"


@dataclass(frozen=True, kw_only=True)
class RunContext:
    """What the callback needs to evaluate, save and report; built whole by
    ``trainer.train_model`` once the Trainer exists (``loss`` reads the Trainer's last loss)."""

    model: PrefixTunedModel
    tokenizer: PreTrainedTokenizerBase
    data: TrainingData
    decoding: Decoding
    model_dir: Path
    saved_settings: dict[str, Any]
    callbacks: TrainingCallbacks
    examples_per_step: int  # on one rank (the lead predicts alone at the end)
    loss: Callable[[], float]
    eval_interval: int = 0  # optimizer steps between evaluations within an epoch (0: none)
    steps_per_epoch: int = 0
    patience: int = 0
    deadline: float = 0.0  # time.monotonic() by which the whole run must end (0: none)
    final_documents: int = 0  # documents still to predict after training, for ``reserve``
    ranks: Ranks = SINGLE  # the training processes: the lead evaluates, all agree to stop


@dataclass
class Outcome:
    """How training went: the best evaluation and why it stopped (None: ran to the end)."""

    best_score: float | None = None
    best_metrics: dict[str, Any] = field(default_factory=dict)
    best_step: int = 0
    stop_reason: str | None = None
    nan_step: int = 0
    last_step: int = 0
    unscored: bool = False  # the deadline came before any evaluation: the final model is kept


class EvaluationCallback(TrainerCallback):
    """Evaluates every ``eval_interval`` steps into an epoch and at each epoch end; see the
    module doc."""

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.outcome = Outcome()
        self.started = time.monotonic()
        self.last_eval_step = -1
        self.epoch_start_step = 0
        self.stale = 0
        self.eval_seconds = 0.0  # the longest evaluation so far
        self.final = context.data.selection == FINAL

    def on_train_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        self.started = time.monotonic()

    def on_epoch_begin(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        self.epoch_start_step = state.global_step

    def on_step_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        ranks = self.context.ranks
        loss = ranks.mean(self.context.loss())
        if not math.isfinite(loss):
            self._stop(control, STOP_NAN)
            self.outcome.nan_step = state.global_step
            return
        self._report(state, loss)
        if self._interval_due(state.global_step):
            self._evaluate(state, control)
        cancelled, late = ranks.any(
            self.context.callbacks.should_stop(), self._out_of_time(state.global_step)
        )
        if cancelled:
            self._stop(control, STOP_CANCELLED)
        elif late:
            self._stop(control, STOP_TIME)

    def on_epoch_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        if self.outcome.stop_reason is None and self.last_eval_step != state.global_step:
            self._evaluate(state, control)

    def on_train_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        """A stopped run still gets a model: evaluate once if nothing was saved yet (or, when
        the deadline leaves no time for that, keep the final model unscored); without dev,
        the final model is the one kept."""
        self.outcome.last_step = state.global_step
        reason = self.outcome.stop_reason
        unsaved = self.outcome.best_step == 0 or reason is None or self.final
        if reason != STOP_NAN and unsaved and self.last_eval_step != state.global_step:
            no_time = reason == STOP_TIME and not self._time_to_evaluate(state.global_step)
            if self.context.ranks.from_lead(no_time):
                self.final = self.outcome.unscored = True
            self._evaluate(state, control)

    def _interval_due(self, step: int) -> bool:
        """Every ``eval_interval`` steps into the epoch, except within half an interval of the
        epoch's end, whose own evaluation follows: 125 steps at interval 62 would otherwise
        evaluate at step 124 and again at 125, and an evaluation costs as much as many steps."""
        interval, into_epoch = self.context.eval_interval, step - self.epoch_start_step
        if not interval or into_epoch % interval:
            return False
        left = self.context.steps_per_epoch - into_epoch
        return left <= 0 or 2 * left > interval

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def training_ends(self, step: int) -> float:
        """When training must stop so the run still ends by the deadline."""
        return self.context.deadline - self.reserve(step)

    def reserve(self, step: int) -> float:
        """Seconds kept for the final evaluation and predictions, at the rate training has
        run; before the first step a fifth of the time, never more than half."""
        left = max(0.0, self.context.deadline - self.started)
        if not step:
            return 0.2 * left
        predictions = self.per_example(step) * self.context.final_documents
        return min(0.5 * left, self.evaluation_seconds(step) + predictions)

    def per_example(self, step: int) -> float:
        """Seconds one prediction takes: about a third of a training example (no backward)."""
        return self.elapsed() / (max(step, 1) * self.context.examples_per_step) / 3

    def evaluation_seconds(self, step: int) -> float:
        return max(self.eval_seconds, self.per_example(step) * len(self.context.data.dev))

    def _out_of_time(self, step: int) -> bool:
        return bool(self.context.deadline) and time.monotonic() >= self.training_ends(step)

    def _time_to_evaluate(self, step: int) -> bool:
        return time.monotonic() + self.evaluation_seconds(step) <= self.context.deadline

    def _stop(self, control: TrainerControl, reason: str) -> None:
        control.should_training_stop = True
        self.outcome.stop_reason = self.outcome.stop_reason or reason

    def _report(self, state: TrainerState, loss: float) -> None:
        elapsed, step = self.elapsed(), state.global_step
        rate = step / elapsed if elapsed > 0 else 0.0
        eta = (state.max_steps - step) / rate if rate else 0.0
        if self.context.deadline:
            eta = min(eta, max(0.0, self.context.deadline - time.monotonic()))
        self.context.callbacks.on_progress(
            ProgressInfo(
                step,
                state.max_steps,
                float(state.epoch or 0.0),
                loss,
                elapsed,
                eta,
                rate * self.context.examples_per_step * self.context.ranks.world,
            )
        )

    def _evaluate(self, state: TrainerState, control: TrainerControl) -> None:
        """Score dev, save the model if it is the best so far (ties: the later one), apply
        patience; without dev, save the latest model. Only the lead scores and saves; the
        other ranks take its scores."""
        self.last_eval_step = state.global_step
        began = time.monotonic()
        values: dict[str, Any] = {}
        items: list[list[ItemPrediction]] = []
        decoding, is_best, improved = self.context.decoding, True, True
        if not self.final:
            if self.context.ranks.lead:
                values, decoding, items = self._score_dev()
            values = self.context.ranks.from_lead(values)
            value, best = headline(self.context.data.task, values), self.outcome.best_score
            is_best = best is None or value >= best
            improved = best is None or value > best
        if is_best:
            self._save_best(
                state, headline_or_zero(self.context.data.task, values), values, decoding, items
            )
        self.eval_seconds = max(self.eval_seconds, time.monotonic() - began)
        if not self.final:
            self._apply_patience(improved, control)
        epoch = float(state.epoch or 0.0)
        self.context.callbacks.on_eval(
            EvalInfo(state.global_step, epoch, values, is_best, str(self.context.model_dir))
        )

    def _score_dev(self) -> tuple[dict[str, Any], Decoding, list[list[ItemPrediction]]]:
        context, data = self.context, self.context.data
        raw = run_model(
            context.model,
            context.tokenizer,
            data.dev,
            data.head_labels,
            context.decoding.max_length,
        )
        decoding = tune(raw, data.head_labels, context.decoding)
        items = decode(raw, data.head_labels, decoding)
        return score(data.task, data.dev, items, data.label_names), decoding, items

    def _save_best(
        self,
        state: TrainerState,
        value: float,
        values: dict[str, Any],
        decoding: Decoding,
        items: list[list[ItemPrediction]],
    ) -> None:
        context = self.context
        self.outcome.best_score, self.outcome.best_metrics = value, values
        self.outcome.best_step = state.global_step
        if not context.ranks.lead:
            return
        settings = {
            **context.saved_settings,
            "decoding": decoding.to_dict(),
            "step": state.global_step,
        }
        save_model(context.model, context.model_dir, context.data.head_labels, settings, values)
        context.callbacks.on_best_model(
            BestModel(context.model, context.tokenizer, decoding, items)
        )

    def _apply_patience(self, improved: bool, control: TrainerControl) -> None:
        """Patience counts evaluations without a strict improvement (a tie is not one)."""
        self.stale = 0 if improved else self.stale + 1
        if self.context.patience and self.stale >= self.context.patience:
            self._stop(control, STOP_PATIENCE)


def headline_or_zero(task: Any, values: dict[str, Any]) -> float:
    """The dev headline, or 0.0 when there is no dev score (the keep-final rule)."""
    return headline(task, values) if values else 0.0
