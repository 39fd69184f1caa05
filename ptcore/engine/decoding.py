"""From a model's raw outputs to JSON-able predictions, thresholds tuned on dev, and scores.

The raw outputs (``RawOutput``) are kept apart from decoding so that one forward pass over
dev serves both threshold tuning (multi-label cut-off, QA null threshold) and the metrics.
Payloads are what the project stores and the GUI shows:

- classification ``{"label": str, "probabilities": {label: p}}``
- multi-label ``{"labels": [...], "probabilities": {...}}``
- NER ``{"entities": [[start, end, label, confidence], ...]}``
- QA, per question ``{"start", "end", "text", "no_answer"}``
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ptcore.engine import metrics
from ptcore.engine.answer_scoring import answer_scores
from ptcore.engine.tasks.classification import decode_multi_label, decode_single_label
from ptcore.engine.tasks.classification import tune_threshold as tune_multilabel_threshold
from ptcore.engine.tasks.ner import NerEncoding, decode_ner_documents
from ptcore.engine.tasks.qa import QaEncoding
from ptcore.engine.tasks.qa_postprocess import (
    QaCandidates,
    collect_candidates,
    predict_answers,
    tune_null_threshold,
)
from ptcore.records import DocumentRecord, Span, Task


@dataclass(frozen=True)
class Decoding:
    """How logits become answers; saved with the model so prediction decodes as dev did."""

    max_length: int
    threshold: float = 0.5
    null_threshold: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Decoding:
        return cls(**{k: values[k] for k in ("max_length", "threshold", "null_threshold")})


@dataclass(frozen=True)
class ItemPrediction:
    """One stored prediction: a document's, or (QA) one of its questions'."""

    payload: dict[str, Any]
    confidence: float
    question_index: int | None = None


@dataclass
class RawOutput:
    """Per-feature logits of a batch of records, with the encoding that maps them back."""

    task: Task
    records: list[DocumentRecord]
    logits: list[np.ndarray]
    encoding: NerEncoding | QaEncoding | None = None

    def candidates(self) -> list[QaCandidates]:
        """QA n-best candidates per question."""
        assert isinstance(self.encoding, QaEncoding)
        return collect_candidates(
            self.encoding, [x[:, 0] for x in self.logits], [x[:, 1] for x in self.logits]
        )


def decode(raw: RawOutput, labels: list[str], decoding: Decoding) -> list[list[ItemPrediction]]:
    """Predictions per record (one per document, or one per question for QA)."""
    if raw.task is Task.CLASSIFICATION:
        return [[_single(p)] for p in decode_single_label(np.stack(raw.logits), labels)]
    if raw.task is Task.MULTILABEL:
        found = decode_multi_label(np.stack(raw.logits), labels, decoding.threshold)
        return [[_multi(p.labels, p.probabilities)] for p in found]
    if raw.task is Task.NER:
        assert isinstance(raw.encoding, NerEncoding)
        return [
            [_entities(spans, confidence)]
            for spans, confidence in decode_ner_documents(raw.encoding, raw.logits, labels)
        ]
    return _answers(raw, decoding.null_threshold)


def _single(prediction: Any) -> ItemPrediction:
    payload = {"label": prediction.label, "probabilities": prediction.probabilities}
    return ItemPrediction(payload, prediction.confidence)


def _multi(chosen: tuple[str, ...], probabilities: dict[str, float]) -> ItemPrediction:
    """Confidence is that of the least sure yes/no decision."""
    sure = min((max(p, 1.0 - p) for p in probabilities.values()), default=1.0)
    return ItemPrediction({"labels": list(chosen), "probabilities": probabilities}, sure)


def _entities(spans: list[Any], confidence: float) -> ItemPrediction:
    rows = [[s.start, s.end, s.label, s.confidence] for s in spans]
    return ItemPrediction({"entities": rows}, confidence)


def _answers(raw: RawOutput, null_threshold: float) -> list[list[ItemPrediction]]:
    assert isinstance(raw.encoding, QaEncoding)
    per_record: list[list[ItemPrediction]] = [[] for _ in raw.records]
    answers = predict_answers(raw.candidates(), null_threshold) if raw.logits else []
    for example, answer in zip(raw.encoding.examples, answers, strict=True):
        payload = {
            "start": answer.start,
            "end": answer.end,
            "text": answer.text,
            "no_answer": answer.no_answer,
        }
        item = ItemPrediction(payload, answer.confidence, example.question_index)
        per_record[example.doc_index].append(item)
    return per_record


def tune(raw: RawOutput, labels: list[str], decoding: Decoding) -> Decoding:
    """Thresholds tuned on dev: the multi-label cut-off, and the QA null threshold when
    dev holds questions without an answer (else every question is answered)."""
    if raw.task is Task.MULTILABEL and raw.records:
        probs = [list(p.payload["probabilities"].values()) for [p] in decode(raw, labels, decoding)]
        gold = [[name in r.labels for name in labels] for r in raw.records]
        threshold = tune_multilabel_threshold(np.array(probs), np.array(gold))
        return Decoding(decoding.max_length, threshold, decoding.null_threshold)
    if raw.task is Task.QA and isinstance(raw.encoding, QaEncoding) and raw.logits:
        examples = raw.encoding.examples
        if not any(e.no_answer for e in examples):
            return Decoding(decoding.max_length, decoding.threshold, math.inf)
        null = tune_null_threshold(raw.candidates(), [e.gold_texts() for e in examples])
        return Decoding(decoding.max_length, decoding.threshold, null)
    return decoding


def score(
    task: Task, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
) -> dict[str, Any]:
    """The task's metrics of ``items`` against the gold ``records``."""
    if task is Task.CLASSIFICATION:
        gold = [r.labels[0] for r in records]
        return metrics.classification_metrics(gold, [i[0].payload["label"] for i in items], labels)
    if task is Task.MULTILABEL:
        predicted = [i[0].payload["labels"] for i in items]
        return metrics.multilabel_metrics([r.labels for r in records], predicted, labels)
    if task is Task.NER:
        spans = [[Span(s, e, label) for s, e, label, _ in i[0].payload["entities"]] for i in items]
        return metrics.ner_metrics([r.text for r in records], [r.entities for r in records], spans)
    return _qa_score(records, items)


def _qa_score(records: list[DocumentRecord], items: list[list[ItemPrediction]]) -> dict[str, Any]:
    predicted, golds = [], []
    for record, found in zip(records, items, strict=True):
        for item in found:
            question = record.questions[item.question_index or 0]
            golds.append(
                []
                if question.no_answer
                else [record.text[a.start : a.end] for a in question.answers]
            )
            predicted.append(item.payload["text"])
    return metrics.qa_metrics(predicted, golds)


def headline(task: Task, values: dict[str, Any]) -> float:
    """The one number that decides which checkpoint is best."""
    return float(
        values["f1"]
        if task in (Task.NER, Task.QA)
        else values["macro_f1"]
        if task is Task.MULTILABEL
        else values["accuracy"]
    )


def disagrees(
    task: Task | str,
    gold: DocumentRecord,
    payload: dict[str, Any],
    question_index: int | None = None,
) -> bool | None:
    """Whether a prediction differs from the gold annotation; None when there is no gold."""
    task = Task(task)
    if not gold.labeled:
        return None
    if task is Task.CLASSIFICATION:
        return gold.labels[:1] != [payload["label"]]
    if task is Task.MULTILABEL:
        return set(gold.labels) != set(payload["labels"])
    if task is Task.NER:
        return {(s.start, s.end, s.label) for s in gold.entities} != {
            (s, e, label) for s, e, label, _ in payload["entities"]
        }
    question = gold.questions[question_index or 0]
    if question.no_answer:
        return not payload["no_answer"]
    if not question.answers:
        return None
    texts = [gold.text[a.start : a.end] for a in question.answers]
    return payload["no_answer"] or answer_scores(payload["text"], texts)[0] < 1.0
