"""Document classification's two tasks: one label per document, or any set of labels.

Both encode the same way and predict one payload per document; single-label picks the
argmax of a softmax, multi-label every label whose sigmoid reaches a threshold tuned on dev.
Their editors also ask what the model suggests (label, probability) and whether a set of
labels disagrees with it.
"""

from __future__ import annotations

import dataclasses
import math
from abc import abstractmethod
from collections import Counter
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ptcore.engine import metrics
from ptcore.engine.tasks.classification import (
    decode_multi_label,
    decode_single_label,
    encode_classification,
    tune_threshold,
)
from ptcore.engine.tasks.spec import (
    Decoding,
    Described,
    Encoding,
    Features,
    ItemPrediction,
    RawOutput,
    TaskSpec,
    payload_of,
)
from ptcore.errors import UserError
from ptcore.payloads import LabelPayload, LabelsPayload
from ptcore.records import DocumentRecord, Task

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

L = TypeVar("L", LabelPayload, LabelsPayload)
TINY = 1e-12  # a probability floor, so a confident error's loss stays finite


class LabelSpec(TaskSpec[L]):
    """What the two classification tasks share."""

    multi_label = False
    sentence_level = True

    def encode(
        self,
        records: Sequence[DocumentRecord],
        tokenizer: PreTrainedTokenizerBase,
        labels: list[str],
        max_length: int,
        with_labels: bool = True,
    ) -> tuple[Features, Encoding]:
        features = encode_classification(
            records,
            tokenizer,
            labels,
            multi_label=self.multi_label,
            max_length=max_length,
            with_labels=with_labels,
        )
        return features, None

    def differs(self, gold: DocumentRecord, payload: L, question_index: int | None) -> bool:
        return self.labels_differ(self.predicted_labels(payload), gold.labels)

    def apply(self, record: DocumentRecord, items: list[ItemPrediction]) -> DocumentRecord:
        record.labeled = True
        record.labels = self.predicted_labels(payload_of(items[0], self.payload_type))
        return record

    def error_cells(
        self, gold: DocumentRecord, payload: L, question_index: int | None
    ) -> tuple[Described, Described]:
        return _both(", ".join(gold.labels) or "(none)"), _both(
            ", ".join(self.predicted_labels(payload)) or "(none)"
        )

    @abstractmethod
    def predicted_labels(self, payload: L) -> list[str]:
        """The label(s) the model chose."""

    @abstractmethod
    def suggested(self, payload: L, confidence: float) -> list[tuple[str, float]]:
        """The predicted label(s), each with the model's probability for it."""

    @abstractmethod
    def labels_differ(self, predicted: Collection[str], gold: Collection[str]) -> bool:
        """Whether a document's gold labels disagree with the predicted ones."""


class ClassificationSpec(LabelSpec[LabelPayload]):
    task = Task.CLASSIFICATION
    headline_metric = "accuracy"
    summary_metrics = ("accuracy", "macro_f1")
    min_labels = 2
    stratify_dev = True  # one class per text: dev can hold each class in proportion
    payload_type = LabelPayload

    def decode(
        self, raw: RawOutput, labels: list[str], decoding: Decoding
    ) -> list[list[ItemPrediction]]:
        return [
            [ItemPrediction(LabelPayload(p.label, p.probabilities), p.confidence)]
            for p in decode_single_label(np.stack(raw.logits), labels)
        ]

    def score(
        self, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
    ) -> dict[str, Any]:
        gold = [r.labels[0] for r in records]
        predicted = [payload_of(i[0], LabelPayload).label for i in items]
        return metrics.classification_metrics(gold, predicted, labels)

    def predicted_labels(self, payload: LabelPayload) -> list[str]:
        return [payload.label]

    def check_training(self, train: list[DocumentRecord]) -> None:
        counts = Counter(label for r in train for label in r.labels)
        if len(counts) < 2:
            only = next(iter(counts), "none")
            raise UserError(
                f"Every training document has the same class ({only}); label at least two classes."
            )
        unlabeled = [r.line for r in train if len(r.labels) != 1]
        if unlabeled:
            raise UserError(f"Document {unlabeled[0]} needs exactly one class label.")

    def suggested(self, payload: LabelPayload, confidence: float) -> list[tuple[str, float]]:
        return [(payload.label, confidence)]

    def labels_differ(self, predicted: Collection[str], gold: Collection[str]) -> bool:
        """A single label disagrees unless the gold label is among the predicted ones."""
        return not set(predicted) & set(gold)

    def loss(self, gold: DocumentRecord, payload: LabelPayload) -> float | None:
        if not payload.probabilities:
            return None
        return -math.log(max(payload.probabilities.get(gold.labels[0], 0.0), TINY))

    def cell(self, payloads: Sequence[LabelPayload], long: bool = False) -> str:
        return payloads[0].label if payloads else ""

    def line(self, payload: LabelPayload, text: str) -> str:
        return payload.label


class MultilabelSpec(LabelSpec[LabelsPayload]):
    task = Task.MULTILABEL
    headline_metric = "macro_f1"
    summary_metrics = ("macro_f1", "micro_f1")
    min_labels = 1
    payload_type = LabelsPayload
    multi_label = True

    def decode(
        self, raw: RawOutput, labels: list[str], decoding: Decoding
    ) -> list[list[ItemPrediction]]:
        found = decode_multi_label(np.stack(raw.logits), labels, decoding.threshold)
        return [[_multi(p.labels, p.probabilities)] for p in found]

    def tune(self, raw: RawOutput, labels: list[str], decoding: Decoding) -> Decoding:
        """The cut-off that maximises micro-F1 on dev."""
        if not raw.records:
            return decoding
        found = self.decode(raw, labels, decoding)
        probs = [list(payload_of(i[0], LabelsPayload).probabilities.values()) for i in found]
        gold = [[name in r.labels for name in labels] for r in raw.records]
        threshold = tune_threshold(np.array(probs), np.array(gold))
        return dataclasses.replace(decoding, threshold=threshold)

    def score(
        self, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
    ) -> dict[str, Any]:
        predicted = [payload_of(i[0], LabelsPayload).labels for i in items]
        return metrics.multilabel_metrics([r.labels for r in records], predicted, labels)

    def predicted_labels(self, payload: LabelsPayload) -> list[str]:
        return list(payload.labels)

    def check_training(self, train: list[DocumentRecord]) -> None:
        if not any(r.labels for r in train):
            raise UserError("No training document has a label; assign labels first.")

    def suggested(self, payload: LabelsPayload, confidence: float) -> list[tuple[str, float]]:
        return [
            (name, float(payload.probabilities.get(name, confidence))) for name in payload.labels
        ]

    def labels_differ(self, predicted: Collection[str], gold: Collection[str]) -> bool:
        """A label set disagrees unless it is exactly the predicted set."""
        return set(predicted) != set(gold)

    def loss(self, gold: DocumentRecord, payload: LabelsPayload) -> float | None:
        """Summed over the labels' yes/no decisions."""
        if not payload.probabilities:
            return None
        chosen = set(gold.labels)
        return -sum(
            math.log(max(p if name in chosen else 1.0 - p, TINY))
            for name, p in payload.probabilities.items()
        )

    def cell(self, payloads: Sequence[LabelsPayload], long: bool = False) -> str:
        return (", ".join(payloads[0].labels) or "(none)") if payloads else ""

    def line(self, payload: LabelsPayload, text: str) -> str:
        return ", ".join(payload.labels) or "no labels"


def _both(text: str) -> Described:
    return text, text


def _multi(chosen: tuple[str, ...], probabilities: dict[str, float]) -> ItemPrediction:
    """Confidence is that of the least sure yes/no decision."""
    sure = min((max(p, 1.0 - p) for p in probabilities.values()), default=1.0)
    return ItemPrediction(LabelsPayload(chosen, probabilities), sure)
