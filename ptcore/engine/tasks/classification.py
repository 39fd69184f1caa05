"""Document classification: records to model features, logits to labels, threshold tuning.

Single-label documents train with an integer class id (cross-entropy); multi-label ones
with a multi-hot float vector (binary cross-entropy), so both fit
``transformers.DataCollatorWithPadding``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ptcore.engine.tasks.common import sigmoid, softmax
from ptcore.records import DocumentRecord

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

DEFAULT_MAX_LENGTH = 128
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class LabelPrediction:
    """The single best label of a document and how sure the model is of it."""

    label: str
    confidence: float
    probabilities: dict[str, float]


@dataclass(frozen=True)
class MultiLabelPrediction:
    """Every label whose probability reaches the threshold, plus all probabilities."""

    labels: tuple[str, ...]
    probabilities: dict[str, float]


def encode_classification(
    records: Sequence[DocumentRecord],
    tokenizer: PreTrainedTokenizerBase,
    label_names: Sequence[str],
    *,
    multi_label: bool = False,
    max_length: int = DEFAULT_MAX_LENGTH,
    with_labels: bool = True,
) -> list[dict[str, Any]]:
    """One unpadded feature dict per record; texts longer than ``max_length`` are cut."""
    encoded = tokenizer([record.text for record in records], truncation=True, max_length=max_length)
    features = [{key: encoded[key][i] for key in encoded} for i in range(len(records))]
    if with_labels:
        index = {name: position for position, name in enumerate(label_names)}
        for feature, record in zip(features, records, strict=True):
            feature["labels"] = _target(record.labels, index, multi_label)
    return features


def _target(labels: Sequence[str], index: dict[str, int], multi_label: bool) -> int | list[float]:
    """The training target: a class id, or a multi-hot vector over ``index``."""
    unknown = [label for label in labels if label not in index]
    if unknown:
        raise ValueError(f"unknown label(s) {unknown!r}; expected one of {list(index)!r}")
    if multi_label:
        hot = [0.0] * len(index)
        for label in labels:
            hot[index[label]] = 1.0
        return hot
    if len(labels) != 1:
        raise ValueError(f"a single-label document needs exactly one label, got {list(labels)!r}")
    return index[labels[0]]


def decode_single_label(logits: np.ndarray, label_names: Sequence[str]) -> list[LabelPrediction]:
    """Softmax over classes; the argmax is the label, its probability the confidence."""
    predictions = []
    for row in softmax(np.asarray(logits)):
        best = int(row.argmax())
        probabilities = {name: float(p) for name, p in zip(label_names, row, strict=True)}
        predictions.append(LabelPrediction(label_names[best], float(row[best]), probabilities))
    return predictions


def decode_multi_label(
    logits: np.ndarray, label_names: Sequence[str], threshold: float = DEFAULT_THRESHOLD
) -> list[MultiLabelPrediction]:
    """Independent sigmoid per label; a label is predicted when its probability >= threshold."""
    predictions = []
    for row in sigmoid(np.asarray(logits)):
        probabilities = {name: float(p) for name, p in zip(label_names, row, strict=True)}
        chosen = tuple(name for name, p in probabilities.items() if p >= threshold)
        predictions.append(MultiLabelPrediction(chosen, probabilities))
    return predictions


def tune_threshold(probs: np.ndarray, gold: np.ndarray) -> float:
    """The multi-label threshold that maximises micro-F1 of ``probs >= t`` against ``gold``.

    ``probs`` and ``gold`` are (documents, labels); gold is multi-hot. Every distinct cut
    through the sorted probabilities is tried at once; ties go to the threshold nearest
    0.5, so a flat dev set does not drag it to an extreme.
    """
    scores = np.asarray(probs, dtype=np.float64).ravel()
    if scores.size == 0:
        return DEFAULT_THRESHOLD
    order = np.argsort(-scores, kind="stable")
    scores, truth = scores[order], np.asarray(gold, dtype=bool).ravel()[order]
    cuts, thresholds = _cuts(scores)
    true_positives = np.concatenate(([0], np.cumsum(truth)))[cuts]
    f1 = 2 * true_positives / np.maximum(cuts + truth.sum(), 1)
    best = max(range(len(cuts)), key=lambda i: (f1[i], -abs(thresholds[i] - DEFAULT_THRESHOLD)))
    return float(thresholds[best])


def _cuts(descending: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many top scores can be predicted positive, each with a threshold selecting them.

    A cut can only fall between distinct scores; its threshold is their midpoint (the cut
    above everything sits just over the highest score).
    """
    size = len(descending)
    cuts = np.concatenate(([0], np.flatnonzero(descending[:-1] > descending[1:]) + 1, [size]))
    below = np.append(descending, 0.0)
    above = np.concatenate(([np.nextafter(descending[0], np.inf)], descending))
    thresholds = np.where(cuts == 0, above[0], (above[cuts] + below[cuts]) / 2)
    return cuts, thresholds
