"""Extractive QA: question/context pairs to overlapping windows with answer positions.

Follows the approach of transformers' ``run_qa.py``: the context alone is truncated
(``only_second``) into windows of ``max_length`` tokens that overlap by ``stride`` tokens;
every window is a feature that remembers its example and which tokens are context (with
their character offsets). A window that does not hold the whole answer, like a question
without one, is labelled with the classifier token (the "null" answer). Features fit
``transformers.DataCollatorWithPadding``. Questions come first, so tokenizers that pad
on the left are not supported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ptcore.records import Answer, DocumentRecord

if TYPE_CHECKING:
    from transformers import BatchEncoding, PreTrainedTokenizerBase

DEFAULT_MAX_LENGTH = 384
DEFAULT_STRIDE = 128
DEFAULT_MAX_QUESTION_LENGTH = 64
_MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")

Offsets = tuple[tuple[int, int] | None, ...]


@dataclass(frozen=True)
class QaExample:
    """One question about one document: the unit that QA predicts and scores."""

    doc_index: int
    question_index: int
    question: str
    context: str
    answers: tuple[Answer, ...]
    no_answer: bool

    def gold_texts(self) -> list[str]:
        """The acceptable answer strings; empty when the question has no answer."""
        return [] if self.no_answer else [self.context[a.start : a.end] for a in self.answers]


@dataclass(frozen=True)
class QaFeature:
    """A window's origin: its example, classifier token, and per token the context offsets."""

    example_index: int
    cls_index: int
    offsets: Offsets


@dataclass(frozen=True)
class QaEncoding:
    """Model features plus what post-processing needs to map logits back to characters."""

    examples: list[QaExample]
    features: list[dict[str, Any]]
    windows: list[QaFeature]


def qa_examples(records: Sequence[DocumentRecord]) -> list[QaExample]:
    """Every question of every record, in order, with its record's text as context."""
    return [
        QaExample(d, q, question.text, record.text, tuple(question.answers), question.no_answer)
        for d, record in enumerate(records)
        for q, question in enumerate(record.questions)
    ]


def encode_qa(
    records: Sequence[DocumentRecord],
    tokenizer: PreTrainedTokenizerBase,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    stride: int = DEFAULT_STRIDE,
    max_question_length: int = DEFAULT_MAX_QUESTION_LENGTH,
    with_labels: bool = True,
) -> QaEncoding:
    """Windows of every question's context as unpadded features (with answer positions).

    Questions are cut to ``max_question_length`` tokens; the rest of ``max_length`` must
    leave more than ``stride`` tokens of context, else ValueError.
    """
    examples = qa_examples(records)
    if not examples:
        return QaEncoding([], [], [])
    questions, longest = _clip_questions(
        tokenizer, [e.question for e in examples], max_question_length
    )
    if max_length - longest - tokenizer.num_special_tokens_to_add(pair=True) <= stride:
        raise ValueError(f"max_length {max_length} leaves no more context than the stride {stride}")
    encoded = tokenizer(
        questions,
        [e.context for e in examples],
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
    )
    windows = [_window(tokenizer, encoded, row) for row in range(len(encoded["input_ids"]))]
    features = [
        {key: encoded[key][row] for key in _MODEL_INPUTS if key in encoded}
        for row in range(len(windows))
    ]
    if with_labels:
        for feature, window in zip(features, windows, strict=True):
            start, end = answer_positions(examples[window.example_index], window)
            feature["start_positions"], feature["end_positions"] = start, end
    return QaEncoding(examples, features, windows)


def _clip_questions(
    tokenizer: PreTrainedTokenizerBase, questions: list[str], limit: int
) -> tuple[list[str], int]:
    """Questions without leading blanks, cut to ``limit`` tokens, and the longest's length."""
    stripped = [question.lstrip() for question in questions]
    all_offsets = tokenizer(stripped, add_special_tokens=False, return_offsets_mapping=True)[
        "offset_mapping"
    ]
    clipped = [
        text if len(offsets) <= limit else text[: offsets[limit - 1][1]]
        for text, offsets in zip(stripped, all_offsets, strict=True)
    ]
    return clipped, min(max(len(offsets) for offsets in all_offsets), limit)


def _window(tokenizer: PreTrainedTokenizerBase, encoded: BatchEncoding, row: int) -> QaFeature:
    """Where feature ``row`` comes from; offsets outside the context become None."""
    ids = encoded["input_ids"][row]
    cls_index = ids.index(tokenizer.cls_token_id) if tokenizer.cls_token_id in ids else 0
    offsets = tuple(
        tuple(offset) if sequence == 1 else None
        for offset, sequence in zip(
            encoded["offset_mapping"][row], encoded.sequence_ids(row), strict=True
        )
    )
    return QaFeature(encoded["overflow_to_sample_mapping"][row], cls_index, offsets)


def answer_positions(example: QaExample, window: QaFeature) -> tuple[int, int]:
    """Token positions of the first gold answer in ``window``, or the classifier token twice."""
    null = (window.cls_index, window.cls_index)
    context = {i: offset for i, offset in enumerate(window.offsets) if offset is not None}
    if example.no_answer or not example.answers or not context:
        return null
    answer = example.answers[0]
    if not (context[min(context)][0] <= answer.start and answer.end <= context[max(context)][1]):
        return null
    start = max(i for i, (begin, _) in context.items() if begin <= answer.start)
    end = min(i for i, (_, finish) in context.items() if finish >= answer.end)
    return start, end
