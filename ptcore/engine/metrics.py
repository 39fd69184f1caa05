"""Evaluation metrics for every task, as plain JSON-able dicts of fractions in [0, 1].

Headline keys: classification ``accuracy`` and ``macro_f1``; NER ``f1`` (seqeval, strict
IOB2, entity level, micro-averaged); QA ``exact_match`` and ``f1`` (SQuAD, or CMRC 2018
for Chinese). A ratio with nothing to divide by (no predictions, no gold) counts as 0.
Macro averages run over the labels that occur in gold or predictions, so a label the
project defines but never uses does not drag the average down.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from ptcore.engine.answer_scoring import answer_scores, corpus_is_chinese
from ptcore.engine.tasks.iob import repair_tags, spans_to_tags
from ptcore.engine.tasks.words import split_words
from ptcore.records import Span


def classification_metrics(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Single-label scores; the confusion matrix has gold labels as rows, predictions as columns."""
    index = {label: position for position, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for gold_label, predicted_label in zip(gold, predicted, strict=True):
        matrix[index[gold_label], index[predicted_label]] += 1
    per_label, macro_f1 = _label_scores(
        labels, np.diag(matrix), matrix.sum(axis=0), matrix.sum(axis=1)
    )
    return {
        "accuracy": _ratio(np.trace(matrix), matrix.sum()),
        "macro_f1": macro_f1,
        "per_label": per_label,
        "confusion_matrix": {"labels": list(labels), "matrix": matrix.tolist()},
        "support": int(matrix.sum()),
    }


def multilabel_metrics(
    gold: Sequence[Collection[str]], predicted: Sequence[Collection[str]], labels: Sequence[str]
) -> dict[str, Any]:
    """Multi-label scores; ``accuracy`` is subset accuracy (the whole label set must match).

    A document with no gold and no predicted labels has a samples-F1 of 1.
    """
    truth, guess = _multi_hot(gold, labels), _multi_hot(predicted, labels)
    hits = truth & guess
    per_label, macro_f1 = _label_scores(
        labels, hits.sum(axis=0), guess.sum(axis=0), truth.sum(axis=0)
    )
    sizes = truth.sum(axis=1) + guess.sum(axis=1)
    per_document = np.where(sizes > 0, 2 * hits.sum(axis=1) / np.maximum(sizes, 1), 1.0)
    subset = float(np.all(truth == guess, axis=1).mean()) if len(truth) else 0.0
    return {
        "accuracy": subset,
        "subset_accuracy": subset,
        "macro_f1": macro_f1,
        "micro_f1": _ratio(2 * hits.sum(), sizes.sum()),
        "samples_f1": float(per_document.mean()) if len(truth) else 0.0,
        "per_label": per_label,
    }


def _multi_hot(label_sets: Sequence[Collection[str]], labels: Sequence[str]) -> np.ndarray:
    """(documents, labels) booleans; an unknown label is a caller bug and raises KeyError."""
    index = {label: position for position, label in enumerate(labels)}
    hot = np.zeros((len(label_sets), len(labels)), dtype=bool)
    for row, label_set in enumerate(label_sets):
        hot[row, [index[label] for label in label_set]] = True
    return hot


def _label_scores(
    labels: Sequence[str], hits: np.ndarray, predicted: np.ndarray, gold: np.ndarray
) -> tuple[dict[str, dict[str, float]], float]:
    """Per-label precision/recall/F1/support from counts, and their macro-F1."""
    per_label = {
        label: {
            "precision": _ratio(hits[i], predicted[i]),
            "recall": _ratio(hits[i], gold[i]),
            "f1": _ratio(2 * hits[i], predicted[i] + gold[i]),
            "support": int(gold[i]),
        }
        for i, label in enumerate(labels)
    }
    used = [per_label[label]["f1"] for i, label in enumerate(labels) if predicted[i] + gold[i] > 0]
    return per_label, float(np.mean(used)) if used else 0.0


def _ratio(numerator: Any, denominator: Any) -> float:
    return float(numerator) / float(denominator) if denominator else 0.0


def ner_metrics(
    texts: Sequence[str], gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]
) -> dict[str, Any]:
    """Entity-level scores of character spans, compared as word-level IOB2 tags per text."""
    gold_tags, predicted_tags = [], []
    for text, gold_spans, predicted_spans in zip(texts, gold, predicted, strict=True):
        words = split_words(text)
        gold_tags.append(spans_to_tags(words, gold_spans))
        predicted_tags.append(spans_to_tags(words, predicted_spans))
    return ner_metrics_from_tags(gold_tags, predicted_tags)


def ner_metrics_from_tags(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> dict[str, Any]:
    """seqeval (strict, IOB2) micro P/R/F1 and per-type scores; stray I- predictions are
    repaired first, the same way decoding reads them."""
    # seqeval loads scikit-learn (seconds): only when NER is scored, not when the GUI or
    # the CLI starts and asks a task spec how to describe a prediction.
    from seqeval.metrics import classification_report  # type: ignore[import-untyped]
    from seqeval.scheme import IOB2  # type: ignore[import-untyped]

    with warnings.catch_warnings(action="ignore"):
        report = classification_report(
            [list(tags) for tags in gold],
            [repair_tags(tags) for tags in predicted],
            mode="strict",
            scheme=IOB2,
            output_dict=True,
            zero_division=0,
        )
    summaries = ("micro avg", "macro avg", "weighted avg")
    per_label = {name: _seqeval_row(row) for name, row in report.items() if name not in summaries}
    micro = _seqeval_row(report["micro avg"])
    return {**micro, "macro_f1": _seqeval_row(report["macro avg"])["f1"], "per_label": per_label}


def _seqeval_row(row: dict[str, Any]) -> dict[str, Any]:
    """A seqeval report row as plain floats, NaN (nothing to average) as 0."""
    values = {key: float(np.nan_to_num(row[source])) for key, source in _SEQEVAL_KEYS}
    return {**values, "support": int(row["support"])}


_SEQEVAL_KEYS = (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"))


def qa_metrics(predictions: Sequence[str], golds: Sequence[Sequence[str]]) -> dict[str, Any]:
    """SQuAD-style EM/F1 over questions, also split into answerable and unanswerable ones.

    An empty gold list marks a question without an answer; an empty prediction abstains.
    CMRC or SQuAD scoring is chosen once, by the language of the gold answers.
    """
    chinese = corpus_is_chinese(golds)
    scores = [answer_scores(p, g, chinese) for p, g in zip(predictions, golds, strict=True)]
    answerable = [score for score, gold in zip(scores, golds, strict=True) if gold]
    unanswerable = [score for score, gold in zip(scores, golds, strict=True) if not gold]
    return {
        **_qa_summary(scores),
        "has_answer": _qa_summary(answerable),
        "no_answer": _qa_summary(unanswerable),
    }


def _qa_summary(scores: list[tuple[float, float]]) -> dict[str, Any]:
    exact = sum(score[0] for score in scores)
    f1 = sum(score[1] for score in scores)
    return {
        "exact_match": _ratio(exact, len(scores)),
        "f1": _ratio(f1, len(scores)),
        "count": len(scores),
    }
