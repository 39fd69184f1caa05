"""Training settings: every knob with its help text, per-task defaults and quality presets.

Defaults come from measurements, written up in bench/README.md (the convergence study of
bench/ptuning_study.py, and the earlier spike in shared/notes): a high learning rate (3e-2)
for prefix and head alike, no warm-up, no reparameterisation MLP; a head that reads a learned
mix of every layer (classification and NER); for NER a short prefix (16) started from real
activations, batch 8 and 15 epochs; 32 positions for classification; no dropout inside the
frozen backbone (as good per epoch, 1.2-1.3x more examples/s on a CPU); and at least
``min_steps`` updates however few documents are labelled. The help text lives in field
metadata so the GUI and ``--help`` show the same words.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ptcore.engine.config import ALL_LAYERS, INIT_CHOICES, PrefixConfig, prefix_layers_problem
from ptcore.errors import UserError
from ptcore.records import Task

DEVICES = ("auto", "cpu", "cuda", "mps")
PRESETS = ("fast", "balanced", "best")


def _field(default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class TrainSettings:
    """One training run's settings; stored with the run so a result can be reproduced."""

    epochs: float = _field(5, "Passes over the training documents.")
    min_steps: int = _field(
        150, "Train at least this many steps: small projects get more epochs (0: off)."
    )
    prefix_len: int = _field(32, "Trainable key/value positions added in front of every layer.")
    learning_rate: float = _field(2e-2, "Learning rate of the prefix (P-tuning likes it high).")
    head_learning_rate: float = _field(2e-2, "Learning rate of the small task head.")
    batch_size: int = _field(16, "Examples per step; halved automatically if the GPU runs out.")
    max_length: int = _field(128, "Longest input in tokens; longer texts are cut or windowed.")
    warmup_ratio: float = _field(0.0, "Fraction of steps spent ramping the learning rate up.")
    weight_decay: float = _field(0.0, "AdamW weight decay of the head.")
    device: str = _field("auto", "auto (CUDA, then Apple MPS, then CPU), cpu, cuda or mps.")
    max_minutes: float = _field(
        0.0, "Stop after this many minutes, keeping the best model (0: no limit)."
    )
    seed: int = _field(0, "Random seed: the same seed and data give the same model.")
    evals_per_epoch: int = _field(1, "How often to evaluate on dev within one epoch.")
    eval_steps: int = _field(
        0, "Evaluate every this many steps of an epoch instead (0: use evals_per_epoch)."
    )
    patience: int = _field(0, "Stop after this many evaluations without improvement (0: never).")
    gradient_accumulation: int = _field(1, "Steps whose gradients add up before one update.")
    prefix_init: str = _field("random", "'random' noise or 'activations' of real training texts.")
    prefix_projection: bool = _field(
        False, "Produce the prefix through a small MLP while training."
    )
    prefix_dropout: float = _field(0.1, "Dropout on the prefix while training.")
    head_dropout: float = _field(0.1, "Dropout before the head while training.")
    backbone_dropout: bool = _field(False, "Keep the frozen backbone's dropout on while training.")
    sentence_pooling: str = _field(
        "auto", "Classification reads the 'first' token or the 'mean' of all ('auto': the model's)."
    )
    layer_mix: bool = _field(
        False, "The head reads a learned mix of every layer's states, not only the last's."
    )
    train_biases: bool = _field(
        False,
        "Also train the backbone's bias and LayerNorm terms in the prefixed layers (BitFit; "
        "saved with the prefix, under 1 MB).",
    )
    prefix_layers: int | str = _field(
        ALL_LAYERS,
        "Layers with a prefix: 'all', or K for the top K only (late prefix: the frozen layers "
        "below are computed once per text, so each step costs about K layers).",
    )
    layer_cache_mb: int = _field(
        1024,
        "Memory (MB) for a late prefix's cached lower layers, at most a quarter of the free "
        "memory; texts beyond it are recomputed each step (0: no cache).",
    )
    gradient_checkpointing: bool = _field(False, "Recompute activations to save GPU memory.")
    mixed_precision: bool = _field(True, "bf16/fp16 autocast on CUDA (ignored elsewhere).")

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise UserError(f"Training settings: {problem}")

    def epochs_for(self, examples: int) -> float:
        """Epochs to run on ``examples`` training features: ``epochs``, or more when that
        would be fewer than ``min_steps`` updates (a dozen labelled documents make one step
        an epoch, and a prefix learns nothing in five steps)."""
        steps_per_epoch = max(
            1, math.ceil(examples / (self.batch_size * self.gradient_accumulation))
        )
        return max(self.epochs, math.ceil(self.min_steps / steps_per_epoch))

    def prefix_config(self) -> PrefixConfig:
        """The model-side part of these settings."""
        return PrefixConfig(
            prefix_len=self.prefix_len,
            prefix_projection=self.prefix_projection,
            prefix_dropout=self.prefix_dropout,
            head_dropout=self.head_dropout,
            backbone_dropout=self.backbone_dropout,
            sentence_pooling=self.sentence_pooling,
            layer_mix=self.layer_mix,
            prefix_layers=self.prefix_layers,
            train_biases=self.train_biases,
            init=self.prefix_init,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainSettings:
        """Settings from ``to_dict`` output; unknown keys (from other versions) are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in known})

    def replace(self, **changes: Any) -> TrainSettings:
        """A copy with ``changes``; ``None`` values mean "keep"."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


# Checked by bench/ptuning_study.py (bench/README.md): on 1,000 examples the prefix wants a high
# learning rate (1e-2 lost 5 F1 on NER, 3e-2..5e-2 are best), the head the same rate (3e-3 lost
# 12 F1), no warm-up and no reparameterisation MLP (it did not learn in one epoch at these rates).
# The layer mix: on 1,000 examples of MiniLM, NER F1 after 3 epochs 0.79 against 0.71-0.76
# (seeds 0/1), after 15 0.830/0.830 against 0.824/0.815; SST-2 0.807/0.805/0.812 against
# 0.797/0.802/0.790 (seeds 0/1/2). QA was not measured with it, so it reads the last layer.
SENTENCE_DEFAULTS = {
    "prefix_len": 32,
    "learning_rate": 3e-2,
    "head_learning_rate": 3e-2,
    "layer_mix": True,
}
TASK_DEFAULTS: dict[Task, dict[str, Any]] = {
    # BitFit terms: on 800 SST-2 training sentences (3 seeds), dev accuracy 0.835 against 0.815
    # and 0.829 against 0.823 on 1,000 unseen ones (bench/defaults_unseen.py). Multi-label
    # was not measured, so it keeps prefix and head only.
    Task.CLASSIFICATION: {**SENTENCE_DEFAULTS, "train_biases": True},
    Task.MULTILABEL: SENTENCE_DEFAULTS,
    Task.NER: {
        # 16, not 64: on a quiet CPU it reached F1 0.756 in 80 s against 0.764 in 133 s, since
        # 64 extra keys in every attention cost more than the sentences themselves.
        "prefix_len": 16,
        # Tagging keeps improving long after classification has settled: on 1,000 CoNLL
        # sentences a 15-epoch schedule reached F1 0.803 against 0.761 for 5 (H100 probe).
        "epochs": 15,
        # Twice the updates per epoch: on 1,000 CoNLL sentences F1 0.824/0.806/0.831 (seeds
        # 0/1/2) against 0.798/0.801/0.798 at batch 16, and the best model no later.
        "batch_size": 8,
        "learning_rate": 3e-2,
        "head_learning_rate": 3e-2,
        "prefix_init": "activations",
        "layer_mix": True,
        "max_length": 128,
        # BitFit terms with the prefix: on 1,040 CoNLL sentences, F1 on 1,000 unseen ones
        # 0.745/0.743 against 0.722/0.719 (seeds 0/1) at the same time per step, closing a
        # third of the gap to full fine-tuning (0.794); bench/defaults_unseen.py.
        "train_biases": True,
    },
    Task.QA: {
        "prefix_len": 64,
        "learning_rate": 2e-2,
        "head_learning_rate": 2e-2,
        "max_length": 384,
    },
}
PRESET_CHANGES: dict[str, dict[str, Any]] = {
    "fast": {"epochs": 3, "prefix_len": 16},
    "balanced": {},
    "best": {"patience": 3, "evals_per_epoch": 2},
}
BEST_EPOCHS_FACTOR = 2  # "best" may train twice the task's epochs; patience stops it earlier


def default_settings(task: Task | str, preset: str = "balanced", **changes: Any) -> TrainSettings:
    """The task's defaults, adjusted by a preset and then by explicit ``changes``."""
    if preset not in PRESETS:
        raise UserError(f"Unknown preset {preset!r}; choose one of {', '.join(PRESETS)}.")
    values = {**TASK_DEFAULTS[Task(task)], **PRESET_CHANGES[preset]}
    if preset == "best":
        values["epochs"] = BEST_EPOCHS_FACTOR * values.get("epochs", TrainSettings.epochs)
    return TrainSettings(**values).replace(**changes)


def help_text(name: str) -> str:
    """The help text of one ``TrainSettings`` field, for tooltips and ``--help``."""
    return next(f.metadata["help"] for f in fields(TrainSettings) if f.name == name)


def _problems(settings: TrainSettings) -> list[str]:
    """Everything wrong with ``settings``, as sentences a user understands."""
    problems = []
    positive = ("epochs", "prefix_len", "learning_rate", "head_learning_rate", "batch_size")
    for name in (*positive, "max_length", "evals_per_epoch", "gradient_accumulation"):
        if getattr(settings, name) <= 0:
            problems.append(f"{name} must be positive, not {getattr(settings, name)}")
    if problem := prefix_layers_problem(settings.prefix_layers):
        problems.append(problem)
    for name in (
        "max_minutes",
        "eval_steps",
        "patience",
        "weight_decay",
        "min_steps",
        "layer_cache_mb",
    ):
        if getattr(settings, name) < 0:
            problems.append(f"{name} must not be negative, not {getattr(settings, name)}")
    if not 0.0 <= settings.warmup_ratio < 1.0:
        problems.append(f"warmup_ratio must be in [0, 1), not {settings.warmup_ratio}")
    if settings.device not in DEVICES:
        problems.append(f"device must be one of {', '.join(DEVICES)}, not {settings.device!r}")
    if settings.prefix_init not in INIT_CHOICES:
        problems.append(f"prefix_init must be one of {', '.join(INIT_CHOICES)}")
    return problems
