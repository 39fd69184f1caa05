"""NER as word-level IOB2 token classification over sliding windows of words.

Each document is split into words (see ``words.py``); the words are packed into windows
that fit ``max_length`` sub-tokens, consecutive windows sharing about ``stride``
sub-tokens of words, so every word of a long document is both trained on and predicted.
Only the first sub-token of a word carries its tag; the rest and the special tokens get
-100 (transformers' ``run_ner.py``), which ``DataCollatorForTokenClassification`` pads.
Words are handed to the tokenizer pre-split, so byte-level BPE tokenizers (RoBERTa, GPT-2)
must be loaded with ``add_prefix_space=True``.
A word seen by several windows gets the mean of their tag probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ptcore.engine.tasks.common import softmax
from ptcore.engine.tasks.iob import OUTSIDE, run_to_span, spans_to_tags, tag_runs
from ptcore.engine.tasks.words import Word, split_words
from ptcore.payloads import PredictedSpan
from ptcore.records import DocumentRecord

if TYPE_CHECKING:
    from transformers import BatchEncoding, PreTrainedTokenizerBase

DEFAULT_MAX_LENGTH = 256
DEFAULT_STRIDE = 64
IGNORE_INDEX = -100


@dataclass(frozen=True)
class NerWindow:
    """Where a feature comes from: its document and, per token, the document word index."""

    doc_index: int
    word_ids: tuple[int | None, ...]


@dataclass(frozen=True)
class NerEncoding:
    """Model features plus what decoding needs to map their logits back to characters."""

    features: list[dict[str, Any]]
    windows: list[NerWindow]
    words: list[list[Word]]


def encode_ner(
    records: Sequence[DocumentRecord],
    tokenizer: PreTrainedTokenizerBase,
    tags: Sequence[str],
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    stride: int = DEFAULT_STRIDE,
    with_labels: bool = True,
) -> NerEncoding:
    """Windows of every record as unpadded features, with ``labels`` when asked."""
    words = [split_words(record.text) for record in records]
    texts = [
        [record.text[w.start : w.end] for w in doc]
        for record, doc in zip(records, words, strict=True)
    ]
    whole = tokenizer(texts, is_split_into_words=True)
    plan = _plan(tokenizer, _token_counts(whole, texts), max_length, stride)
    rows = _window_rows(tokenizer, whole, texts, plan, max_length)
    windows = [
        NerWindow(doc, tuple(None if w is None else w + first for w in found.word_ids(row)))
        for (found, row), (doc, (first, _)) in zip(rows, plan, strict=True)
    ]
    features = [{key: found[key][row] for key in found} for found, row in rows]
    if with_labels:
        gold = [spans_to_tags(w, r.entities) for w, r in zip(words, records, strict=True)]
        for feature, window in zip(features, windows, strict=True):
            feature["labels"] = _labels(window.word_ids, gold[window.doc_index], tags)
    return NerEncoding(features, windows, words)


def _plan(
    tokenizer: PreTrainedTokenizerBase, counts: list[list[int]], max_length: int, stride: int
) -> list[tuple[int, tuple[int, int]]]:
    """(document, word range) of every window, in document order."""
    budget = max(max_length - tokenizer.num_special_tokens_to_add(pair=False), 1)
    return [
        (doc, words)
        for doc, per_word in enumerate(counts)
        for words in _windows(per_word, budget, stride)
    ]


def _token_counts(whole: BatchEncoding, texts: list[list[str]]) -> list[list[int]]:
    """How many sub-tokens each word of each document takes (``whole``: the documents)."""
    counts = []
    for row, words in enumerate(texts):
        per_word = [0] * len(words)
        for word_id in whole.word_ids(row):
            if word_id is not None:
                per_word[word_id] += 1
        counts.append(per_word)
    return counts


def _window_rows(
    tokenizer: PreTrainedTokenizerBase,
    whole: BatchEncoding,
    texts: list[list[str]],
    plan: list[tuple[int, tuple[int, int]]],
    max_length: int,
) -> list[tuple[BatchEncoding, int]]:
    """Where each window's encoding is: a document that fits one window is its ``whole``
    row as it stands (tokenized once); only the windows of longer documents are tokenized
    again, in one call."""
    fits = {
        doc
        for doc, (first, end) in plan
        if (first, end) == (0, len(texts[doc])) and len(whole["input_ids"][doc]) <= max_length
    }
    parts = [texts[doc][first:end] for doc, (first, end) in plan if doc not in fits]
    cut = tokenizer(parts, is_split_into_words=True, truncation=True, max_length=max_length)
    rows, next_cut = [], 0
    for doc, _ in plan:
        if doc in fits:
            rows.append((whole, doc))
        else:
            rows.append((cut, next_cut))
            next_cut += 1
    return rows


def _windows(counts: list[int], budget: int, stride: int) -> list[tuple[int, int]]:
    """Word ranges ``[first, end)`` of at most ``budget`` sub-tokens (at least one word
    each) covering all words; each window repeats up to ``stride`` sub-tokens of the last."""
    windows, first = [], 0
    while True:
        end, used = first + 1, counts[first] if counts else 0
        while end < len(counts) and used + counts[end] <= budget:
            used, end = used + counts[end], end + 1
        windows.append((first, min(end, len(counts))))
        if end >= len(counts):
            return windows
        first = max(_overlap_start(counts, first, end, stride), first + 1)


def _overlap_start(counts: list[int], first: int, end: int, stride: int) -> int:
    """The earliest word from which the words up to ``end`` take at most ``stride`` sub-tokens."""
    start, shared = end, 0
    while start > first and shared + counts[start - 1] <= stride:
        shared, start = shared + counts[start - 1], start - 1
    return start


def _labels(word_ids: Sequence[int | None], word_tags: list[str], tags: Sequence[str]) -> list[int]:
    """Tag ids on each word's first sub-token, -100 on later sub-tokens and specials."""
    index = {tag: position for position, tag in enumerate(tags)}
    unknown = sorted(set(word_tags) - set(index))
    if unknown:
        raise ValueError(f"entity tags {unknown!r} are not in the tag list {list(tags)!r}")
    labels = [IGNORE_INDEX] * len(word_ids)
    for position, word_id in _first_pieces(word_ids):
        labels[position] = index[word_tags[word_id]]
    return labels


def decode_ner(
    encoding: NerEncoding, logits: np.ndarray | Sequence[np.ndarray], tags: Sequence[str]
) -> list[list[PredictedSpan]]:
    """Entities per document from (features, tokens, tags) logits, as character spans."""
    return [spans for spans, _ in decode_ner_documents(encoding, logits, tags)]


def decode_ner_documents(
    encoding: NerEncoding, logits: np.ndarray | Sequence[np.ndarray], tags: Sequence[str]
) -> list[tuple[list[PredictedSpan], float]]:
    """Entities per document, with the document's confidence: its least sure word decision.

    Every word counts, ``O`` included, so a document where the model hesitates over a
    possible entity it did not emit is not reported as certain.
    """
    probabilities = _word_probabilities(encoding, logits, tags)
    return [
        (_spans(words, probs, tags), float(probs.max(axis=1).min()) if len(words) else 1.0)
        for words, probs in zip(encoding.words, probabilities, strict=True)
    ]


def _word_probabilities(
    encoding: NerEncoding, logits: Any, tags: Sequence[str]
) -> list[np.ndarray]:
    """Per document (words, tags) probabilities, averaged over the windows seeing a word.

    A word no window saw (it has no sub-tokens) is certainly outside any entity.
    """
    sums = [np.zeros((len(words), len(tags))) for words in encoding.words]
    seen = [np.zeros(len(words)) for words in encoding.words]
    for window, feature_logits in zip(encoding.windows, logits, strict=True):
        probs = softmax(np.asarray(feature_logits))
        for position, word_id in _first_pieces(window.word_ids):
            sums[window.doc_index][word_id] += probs[position]
            seen[window.doc_index][word_id] += 1
    for total, count in zip(sums, seen, strict=True):
        total[count == 0, tags.index(OUTSIDE)] = 1.0
        total /= np.maximum(count, 1)[:, None]
    return sums


def _first_pieces(word_ids: Sequence[int | None]) -> list[tuple[int, int]]:
    """(token position, word index) of every word's first sub-token."""
    pieces, previous = [], None
    for position, word_id in enumerate(word_ids):
        if word_id is not None and word_id != previous:
            pieces.append((position, word_id))
        previous = word_id
    return pieces


def _spans(words: list[Word], probs: np.ndarray, tags: Sequence[str]) -> list[PredictedSpan]:
    """Argmax tags per word, read as (repaired) entities with their weakest word's probability."""
    best = probs.argmax(axis=1) if len(words) else np.zeros(0, dtype=int)
    word_tags = [tags[i] for i in best]
    spans = []
    for run in tag_runs(word_tags):
        span = run_to_span(words, run)
        confidence = float(
            probs[np.arange(run.first, run.last + 1), best[run.first : run.last + 1]].min()
        )
        spans.append(PredictedSpan(span.start, span.end, span.label, confidence))
    return spans
