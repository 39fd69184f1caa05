"""The ``TrainerCallback`` that evaluates on dev, keeps the best model and stops training.

transformers' Trainer runs the loop; this callback adds what P-Tuning Studio needs around it:
progress for the GUI, evaluation with threshold tuning, saving the best prefix + head (so a
stopped run still has a model, as flair's ``TrainingInterrupt`` does), early stopping, and
stopping by ``control.should_training_stop`` on cancel, time limit or a NaN loss.
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

from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.checkpoint import save_model
from ptcore.engine.decoding import Decoding, ItemPrediction, decode, headline, score, tune
from ptcore.engine.examples import TrainingData
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import run_model

BestHook = Callable[
    [PrefixTunedModel, PreTrainedTokenizerBase, Decoding, list[list[ItemPrediction]]], None
]
STOP_CANCELLED, STOP_TIME, STOP_NAN, STOP_PATIENCE = "cancelled", "time", "nan", "patience"


@dataclass
class RunContext:
    """What the callback needs to evaluate and save; filled in by ``trainer.train_model``."""

    model: PrefixTunedModel
    tokenizer: PreTrainedTokenizerBase
    data: TrainingData
    decoding: Decoding
    model_dir: Path
    saved_settings: dict[str, Any]
    callbacks: TrainingCallbacks
    examples_per_step: int
    max_seconds: float = 0.0
    patience: int = 0
    eval_interval: int = 0
    steps_per_epoch: int = 0
    on_best: BestHook | None = None
    loss: Callable[[], float] = lambda: math.nan


@dataclass
class Outcome:
    """How training went: the best evaluation and why it stopped (None: ran to the end)."""

    best_score: float | None = None
    best_metrics: dict[str, Any] = field(default_factory=dict)
    best_step: int = 0
    best_decoding: Decoding | None = None
    stop_reason: str | None = None
    nan_step: int = 0
    evaluations: int = 0


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
        loss = self.context.loss()
        if not math.isfinite(loss):
            self._stop(control, STOP_NAN)
            self.outcome.nan_step = state.global_step
            return
        self._report(state, loss)
        if self._interval_due(state.global_step):
            self._evaluate(state, control)
        if self.context.callbacks.should_stop():
            self._stop(control, STOP_CANCELLED)
        elif self.context.max_seconds and self.elapsed() >= self.context.max_seconds:
            self._stop(control, STOP_TIME)

    def on_epoch_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        if self.outcome.stop_reason is None and self.last_eval_step != state.global_step:
            self._evaluate(state, control)

    def on_train_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **_: Any
    ) -> None:
        """A stopped run still gets a model: evaluate once if nothing was saved yet."""
        reason = self.outcome.stop_reason
        unsaved = self.outcome.best_score is None or reason is None
        if reason != STOP_NAN and unsaved and self.last_eval_step != state.global_step:
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

    def _stop(self, control: TrainerControl, reason: str) -> None:
        control.should_training_stop = True
        self.outcome.stop_reason = self.outcome.stop_reason or reason

    def _report(self, state: TrainerState, loss: float) -> None:
        elapsed, step = self.elapsed(), state.global_step
        rate = step / elapsed if elapsed > 0 else 0.0
        eta = (state.max_steps - step) / rate if rate else 0.0
        self.context.callbacks.on_progress(
            ProgressInfo(
                step,
                state.max_steps,
                float(state.epoch or 0.0),
                loss,
                elapsed,
                eta,
                rate * self.context.examples_per_step,
            )
        )

    def _evaluate(self, state: TrainerState, control: TrainerControl) -> None:
        """Score dev, save the model if it is the best so far, apply patience."""
        context, data = self.context, self.context.data
        self.last_eval_step = state.global_step
        raw = run_model(
            context.model,
            context.tokenizer,
            data.dev,
            data.head_labels,
            context.decoding.max_length,
        )
        decoding = tune(raw, data.head_labels, context.decoding)
        items = decode(raw, data.head_labels, decoding)
        values = score(data.task, data.dev, items, data.label_names)
        value = headline(data.task, values)
        is_best = self.outcome.best_score is None or value > self.outcome.best_score
        self.outcome.evaluations += 1
        if is_best:
            self._save_best(state, value, values, decoding, items)
        self._apply_patience(is_best, control)
        epoch = float(state.epoch or 0.0)
        context.callbacks.on_eval(
            EvalInfo(state.global_step, epoch, values, is_best, str(context.model_dir))
        )

    def _save_best(
        self,
        state: TrainerState,
        value: float,
        values: dict[str, Any],
        decoding: Decoding,
        items: list[list[ItemPrediction]],
    ) -> None:
        context = self.context
        settings = {
            **context.saved_settings,
            "decoding": decoding.to_dict(),
            "step": state.global_step,
        }
        save_model(context.model, context.model_dir, context.data.head_labels, settings, values)
        self.outcome.best_score, self.outcome.best_metrics = value, values
        self.outcome.best_step, self.outcome.best_decoding = state.global_step, decoding
        if context.on_best is not None:
            context.on_best(context.model, context.tokenizer, decoding, items)

    def _apply_patience(self, is_best: bool, control: TrainerControl) -> None:
        self.stale = 0 if is_best else self.stale + 1
        if self.context.patience and self.stale >= self.context.patience:
            self._stop(control, STOP_PATIENCE)
