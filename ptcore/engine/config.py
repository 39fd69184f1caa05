"""How the prefix is shaped and initialised: the knobs a user may turn, each with its help text.

The help text lives in the field metadata so the GUI and the CLI can show the same words
without repeating them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ptcore.errors import UserError

INIT_CHOICES = ("random", "activations")
POOLING_CHOICES = ("auto", "first", "mean")
MAX_PREFIX_LEN = 4096
MAX_PROJECTION_HIDDEN = 65536
ALL_LAYERS = "all"
MAX_PREFIX_LAYERS = 1000
# The Python types each annotation allows (a bool is an int to Python, but not here).
TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "str": (str,),
    "int | str": (int, str),
}
TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "str": "text",
    "int | str": "a whole number or text",
}


@dataclass(frozen=True)
class PrefixConfig:
    """P-tuning v2 prefix settings (Liu et al., ACL 2022)."""

    prefix_len: int = field(
        default=16,
        metadata={
            "help": "Trainable key/value positions added in front of every layer. "
            "Longer prefixes learn more but cost time and memory."
        },
    )
    prefix_projection: bool = field(
        default=False,
        metadata={
            "help": "Produce the prefix through a small MLP (reparameterisation) while "
            "training. Can make training steadier; the saved model keeps only its output."
        },
    )
    projection_hidden: int = field(
        default=512,
        metadata={"help": "Hidden size of the reparameterisation MLP."},
    )
    prefix_dropout: float = field(
        default=0.1,
        metadata={"help": "Dropout on the prefix key/values while training."},
    )
    head_dropout: float = field(
        default=0.1,
        metadata={"help": "Dropout before the task head while training."},
    )
    backbone_dropout: bool = field(
        default=False,
        metadata={
            "help": "Keep the frozen backbone's own dropout on while training. Off, the "
            "backbone runs as at prediction time: each step is cheaper, and the prefix and "
            "head dropout still regularise."
        },
    )
    sentence_pooling: str = field(
        default="auto",
        metadata={
            "help": "What a classification head reads: 'first' token's state, or the 'mean' "
            "of all tokens' states. 'auto' takes the pooling the model folder was trained "
            "with (sentence-transformers models say so in 1_Pooling/), else 'first'."
        },
    )
    layer_mix: bool = field(
        default=False,
        metadata={
            "help": "The head reads a learned weighted mix of every layer's token states "
            "instead of the last layer's alone: a frozen backbone's last layer may have been "
            "trained for something else (a sentence-embedding model's was)."
        },
    )
    prefix_layers: int | str = field(
        default=ALL_LAYERS,
        metadata={
            "help": "Which layers get a prefix: 'all' (P-tuning v2), or a number K for the top "
            "K layers only ('late prefix'). With K, the frozen layers below never change for a "
            "text, so training computes them once per text and keeps them in memory: each "
            "step costs about K layers instead of all."
        },
    )
    train_biases: bool = field(
        default=False,
        metadata={
            "help": "Also train the backbone's bias and LayerNorm terms in the layers with a "
            "prefix (BitFit, Ben Zaken et al. 2022): saved with the prefix, under 1 MB even on "
            "BERT-base; the weight matrices stay frozen."
        },
    )
    init: str = field(
        default="random",
        metadata={
            "help": "'random' starts the prefix from small noise; 'activations' copies the "
            "key/values the frozen model produces for a few real training texts."
        },
    )

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise UserError(f"Prefix settings: {problem}")

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> PrefixConfig:
        """Settings from ``to_dict`` output; unknown keys (from newer versions) are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in values.items() if key in known})


def help_text(name: str) -> str:
    """The help text of one ``PrefixConfig`` field, for tooltips and ``--help``."""
    return next(f.metadata["help"] for f in fields(PrefixConfig) if f.name == name)


def _problems(config: PrefixConfig) -> list[str]:
    """Everything wrong with ``config``, as sentences a user understands."""
    problems = _type_problems(config)
    if problems:
        return problems
    if not 1 <= config.prefix_len <= MAX_PREFIX_LEN:
        problems.append(
            f"prefix length must be from 1 to {MAX_PREFIX_LEN}, not {config.prefix_len}"
        )
    if not 1 <= config.projection_hidden <= MAX_PROJECTION_HIDDEN:
        problems.append(
            f"projection size must be from 1 to {MAX_PROJECTION_HIDDEN}, "
            f"not {config.projection_hidden}"
        )
    for name in ("prefix_dropout", "head_dropout"):
        if not 0.0 <= getattr(config, name) < 1.0:
            problems.append(f"{name} must be in [0, 1), not {getattr(config, name)}")
    if config.sentence_pooling not in POOLING_CHOICES:
        choices = ", ".join(POOLING_CHOICES)
        problems.append(
            f"sentence_pooling must be one of {choices}, not {config.sentence_pooling!r}"
        )
    if problem := prefix_layers_problem(config.prefix_layers):
        problems.append(problem)
    if config.init not in INIT_CHOICES:
        problems.append(f"init must be one of {', '.join(INIT_CHOICES)}, not {config.init!r}")
    if config.init == "activations" and config.prefix_projection:
        problems.append("init 'activations' sets the prefix itself, so needs prefix_projection off")
    return problems


def prefix_layers_problem(value: object) -> str | None:
    """Why ``value`` is no prefix depth ('all' or a whole number of layers), or None."""
    if value == ALL_LAYERS:
        return None
    number = isinstance(value, int) and not isinstance(value, bool)
    if number and 1 <= value <= MAX_PREFIX_LAYERS:  # type: ignore[operator]
        return None
    return (
        f"prefix_layers must be 'all' or a number of layers from 1 to {MAX_PREFIX_LAYERS}, "
        f"not {value!r:.40}"
    )


def prefixed_layers(value: int | str, total: int) -> int:
    """How many of a backbone's ``total`` layers carry a prefix: all, or the top ``value``
    (a depth above the backbone's layer count means all of them)."""
    return total if value == ALL_LAYERS else min(int(value), total)


def _type_problems(config: PrefixConfig) -> list[str]:
    """Values of the wrong type (from a hand-edited ``ptmodel.json``, say)."""
    problems = []
    for item in fields(config):
        value = getattr(config, item.name)
        wanted = str(item.type)
        if not isinstance(value, TYPES[wanted]) or (isinstance(value, bool) != (wanted == "bool")):
            problems.append(f"{item.name} must be {TYPE_WORDS[wanted]}, not {value!r:.40}")
    return problems
