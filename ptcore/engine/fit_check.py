"""Can this model read my text? The fit check, on a deterministic sample of the text.

It loads only the model's tokenizer and config, never its weights, and measures what the model
would see: the share of tokens that are the unknown token, the share of characters inside one,
which characters it cannot read, tokens per character and per word, how many documents are
longer than the model's maximum length, and which scripts the text is written in. What the
numbers mean, and which models read which languages: docs/models.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine import backbone as backbones
from ptcore.engine.scripts import cjk_share_of_letters, script_counts, script_shares
from ptcore.errors import UserError

SAMPLE_DOCUMENTS = 2000
SAMPLE_CHARACTERS = 400_000
DOCUMENT_CHARACTERS = 20_000  # a longer document is cut here: it is truncated anyway
TOP_UNREADABLE = 10
REFUSE_UNKNOWN_SHARE = 0.20
WARN_UNKNOWN_SHARE = 0.05
DOCS = "docs/models.md"
NO_LIMIT = 100_000  # tokenizers say "no maximum" with a huge model_max_length
T = TypeVar("T")


@dataclass(frozen=True)
class FitModel:
    """What the check needs of a model: its tokenizer and its longest input."""

    path: str
    tokenizer: PreTrainedTokenizerBase
    max_length: int


@dataclass(frozen=True)
class ModelFit:
    """The fit check's counts on one sample; the shares are derived from them."""

    model: str
    documents: int
    sampled: int
    characters: int
    words: int
    tokens: int
    unknown_tokens: int
    unknown_characters: int
    truncated: int
    max_length: int
    unreadable: list[tuple[str, int]] = field(default_factory=list)
    scripts: dict[str, float] = field(default_factory=dict)
    cjk_share: float = 0.0

    @property
    def unknown_token_share(self) -> float:
        return self.unknown_tokens / self.tokens if self.tokens else 0.0

    @property
    def unknown_character_share(self) -> float:
        return self.unknown_characters / self.characters if self.characters else 0.0

    @property
    def tokens_per_character(self) -> float:
        return self.tokens / self.characters if self.characters else 0.0

    @property
    def tokens_per_word(self) -> float:
        return self.tokens / self.words if self.words else 0.0

    @property
    def truncated_share(self) -> float:
        return self.truncated / self.sampled if self.sampled else 0.0

    @property
    def verdict(self) -> str:
        """'cannot read' (training refuses), 'reads poorly' (a warning) or 'reads well'."""
        if self.unknown_token_share > REFUSE_UNKNOWN_SHARE:
            return "cannot read"
        worst = max(self.unknown_token_share, self.unknown_character_share)
        return "reads poorly" if worst > WARN_UNKNOWN_SHARE else "reads well"

    def to_dict(self) -> dict[str, Any]:
        derived = (
            "unknown_token_share",
            "unknown_character_share",
            "tokens_per_character",
            "tokens_per_word",
            "truncated_share",
            "verdict",
        )
        values = {**asdict(self), **{name: getattr(self, name) for name in derived}}
        values["unreadable"] = [[char, count] for char, count in self.unreadable]
        return values


def load_fit_model(model_dir: str | Path | None = None) -> FitModel:
    """The tokenizer and maximum length of ``model_dir`` (default: the embedded model).

    Reads the config (refusing unsupported architectures) and the tokenizer; no weights."""
    folder = Path(model_dir) if model_dir else backbones.default_model_path()
    config = backbones.read_backbone_config(folder)
    tokenizer = backbones.load_tokenizer(folder)
    positions = int(getattr(config, "max_position_embeddings", 512))
    if config.model_type in ("roberta", "xlm-roberta"):
        positions -= 2  # their position ids start after the padding index
    limit = int(getattr(tokenizer, "model_max_length", NO_LIMIT) or NO_LIMIT)
    return FitModel(
        str(folder), tokenizer, min(positions, limit) if limit < NO_LIMIT else positions
    )


def evenly_spaced(items: Sequence[T], size: int | None = None) -> list[T]:
    """``size`` items spread evenly over ``items`` (all of them when there are fewer):
    deterministic, and it covers the whole file rather than its first part."""
    size = size or SAMPLE_DOCUMENTS
    if len(items) <= size:
        return list(items)
    return [items[index * len(items) // size] for index in range(size)]


def bounded(texts: Sequence[str]) -> list[str]:
    """The texts cut to the sample's character budget, keeping at least the first one."""
    kept: list[str] = []
    total = 0
    for text in texts:
        text = text[:DOCUMENT_CHARACTERS]
        if kept and total + len(text) > SAMPLE_CHARACTERS:
            break
        kept.append(text)
        total += len(text)
    return kept


def check_texts(texts: Sequence[str], model: FitModel, documents: int | None = None) -> ModelFit:
    """The fit of ``model`` on a sample of ``texts`` (``documents``: how many there are in
    all, when ``texts`` is already a sample)."""
    sample = bounded(evenly_spaced(texts))
    tokenizer = model.tokenizer
    unknown_id, specials = tokenizer.unk_token_id, tokenizer.num_special_tokens_to_add()
    lost: list[str] = []
    tokens = unknown_tokens = truncated = 0
    for text, encoding in zip(sample, encode(tokenizer, sample), strict=True):
        ids = encoding.ids
        tokens += len(ids)
        truncated += len(ids) + specials > model.max_length
        unknown = ids.count(unknown_id)
        if unknown:
            unknown_tokens += unknown
            offsets = encoding.offsets
            lost.extend(text[slice(*offsets[i])] for i, t in enumerate(ids) if t == unknown_id)
    inside_unknown = Counter("".join(lost).replace(" ", ""))
    characters = Counter("".join(sample))
    scripts = script_counts(characters)
    return ModelFit(
        model.path,
        len(texts) if documents is None else documents,
        len(sample),
        sum(scripts.values()),
        sum(len(text.split()) for text in sample),
        tokens,
        unknown_tokens,
        sum(inside_unknown.values()),
        truncated,
        model.max_length,
        unreadable_characters(inside_unknown, tokenizer),
        script_shares(scripts),
        round(cjk_share_of_letters(scripts), 4),
    )


def encode(tokenizer: PreTrainedTokenizerBase, texts: list[str]) -> list[Any]:
    """The Rust tokenizer's encodings (ids and offsets) without special tokens: several times
    faster than the Python wrapper's batch output."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise UserError(
            f"{tokenizer.name_or_path}: the fit check needs a fast tokenizer "
            "(a tokenizer.json, or files transformers can convert)."
        )
    backend.no_truncation()  # a saved tokenizer.json may pad or cut to a fixed length; the
    backend.no_padding()  # wrapper sets both again before each of its own calls
    return list(backend.encode_batch(texts, add_special_tokens=False))


def unreadable_characters(
    inside_unknown: Counter[str], tokenizer: PreTrainedTokenizerBase
) -> list[tuple[str, int]]:
    """The most frequent characters that are the unknown token on their own (a WordPiece
    [UNK] swallows a whole word, readable letters included); ties in first-seen order."""
    candidates = list(inside_unknown)
    if not candidates:
        return []
    unknown_id = tokenizer.unk_token_id
    alone = encode(tokenizer, candidates)
    unreadable = Counter(
        {
            char: inside_unknown[char]
            for char, encoding in zip(candidates, alone, strict=True)
            if unknown_id in encoding.ids
        }
    )
    return unreadable.most_common(TOP_UNREADABLE)
