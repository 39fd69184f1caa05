"""What every task answers in one place: ``TaskSpec``, and the values it passes around.

A task's spec encodes records for its model, decodes the model's outputs into typed
payloads (``ptcore/payloads.py``), tunes decoding thresholds on dev, scores predictions,
names its headline metric, describes a prediction for a list cell or a line of output, and
says when a prediction disagrees with the gold annotation. ``spec_for(task)``
(``registry.py``) hands out the one spec of each task; nothing else branches on the task.
Imports stay light (numpy, no torch or transformers), so the GUI and the CLI can ask too.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import numpy as np

from ptcore.engine.tasks.ner import NerEncoding
from ptcore.engine.tasks.qa import QaEncoding
from ptcore.payloads import Payload
from ptcore.records import DocumentRecord, Task

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

P = TypeVar("P", bound=Payload)
Features = list[dict[str, Any]]
Encoding = NerEncoding | QaEncoding | None
Described = tuple[str, str]  # what a table cell shows, and its tooltip with the detail


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
    """One prediction: a document's, or (QA) one of its questions'."""

    payload: Payload
    confidence: float
    question_index: int | None = None


@dataclass
class RawOutput:
    """Per-feature logits of a batch of records, with the encoding that maps them back."""

    task: Task
    records: list[DocumentRecord]
    logits: list[np.ndarray]
    encoding: Encoding = None


class TaskSpec(ABC, Generic[P]):
    """One task's rules; ``P`` is the payload type its model predicts."""

    task: ClassVar[Task]
    payload_type: type[P]
    headline_metric: ClassVar[str]  # the dev metric that picks the best checkpoint
    summary_metrics: ClassVar[tuple[str, ...]]  # the metrics a one-line summary shows
    min_labels: ClassVar[int]  # how many labels a project of the task needs to train
    sentence_level: ClassVar[bool] = False  # one pooled prediction per text, not per token
    answers_questions: ClassVar[bool] = False  # inputs are (context, question) pairs
    target_names: ClassVar[tuple[str, ...]] = ("labels",)  # the training targets of a feature
    stratify_dev: ClassVar[bool] = False  # a carved dev split keeps each class's share

    def head_labels(self, label_names: list[str]) -> list[str]:
        """Names of the head's outputs for the project's labels (classes, BIO tags, none)."""
        return list(label_names)

    def label_names(self, head_labels: list[str]) -> list[str]:
        """The project's labels back from the names of the head's outputs."""
        return list(head_labels)

    def head_size(self, num_labels: int) -> int:
        """How many logits the head gives per position for ``num_labels`` head labels."""
        return num_labels

    @abstractmethod
    def check_training(self, train: list[DocumentRecord]) -> None:
        """Raise a UserError when the training documents hold nothing to learn from."""

    @abstractmethod
    def encode(
        self,
        records: Sequence[DocumentRecord],
        tokenizer: PreTrainedTokenizerBase,
        labels: list[str],
        max_length: int,
        with_labels: bool = True,
    ) -> tuple[Features, Encoding]:
        """Model features for ``records`` (and the encoding decoding needs, if any)."""

    @abstractmethod
    def decode(
        self, raw: RawOutput, labels: list[str], decoding: Decoding
    ) -> list[list[ItemPrediction]]:
        """Predictions per record: one per document, or one per question."""

    def tune(self, raw: RawOutput, labels: list[str], decoding: Decoding) -> Decoding:
        """Thresholds tuned on dev (``raw``); a task without any keeps ``decoding``."""
        return decoding

    @abstractmethod
    def score(
        self, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
    ) -> dict[str, Any]:
        """The task's metrics of ``items`` against the gold ``records``."""

    def headline(self, metrics: dict[str, Any]) -> float:
        """The one number that decides which checkpoint is best."""
        return float(metrics[self.headline_metric])

    def summary(self, metrics: dict[str, Any]) -> str:
        """The task's main metrics in one line ("accuracy 0.900, macro_f1 0.880")."""
        parts = [
            f"{key} {metrics[key]:.3f}"
            for key in self.summary_metrics
            if isinstance(metrics.get(key), int | float)
        ]
        return ", ".join(parts) or "no metrics"

    def disagrees(
        self, gold: DocumentRecord, payload: P, question_index: int | None = None
    ) -> bool | None:
        """Whether a prediction differs from the gold annotation; None when there is none."""
        return self.differs(gold, payload, question_index) if gold.labeled else None

    @abstractmethod
    def differs(self, gold: DocumentRecord, payload: P, question_index: int | None) -> bool | None:
        """``disagrees`` for a labeled ``gold``."""

    @abstractmethod
    def cell(self, payloads: Sequence[P], long: bool = False) -> str:
        """A document's predictions in a list cell ("2 LOC · 1 PER"); ``long`` for a tooltip."""

    @abstractmethod
    def error_cells(
        self, gold: DocumentRecord, payload: P, question_index: int | None
    ) -> tuple[Described, Described]:
        """The gold annotation and the prediction, side by side in a list of errors."""

    def loss(self, gold: DocumentRecord, payload: P) -> float | None:
        """The gold annotation's cross-entropy under the prediction, where the model gives
        probabilities to compute it from (classification)."""
        return None

    @abstractmethod
    def line(self, payload: P, text: str) -> str:
        """One prediction of ``text`` in a line of plain output (the CLI's listings)."""

    @abstractmethod
    def apply(self, record: DocumentRecord, items: list[ItemPrediction]) -> DocumentRecord:
        """``record`` annotated with its predictions, for writing in a labeled format."""


T = TypeVar("T")


def payload_of(item: ItemPrediction, kind: type[T]) -> T:
    """``item``'s payload as the type its task predicts (a bug if it is another)."""
    payload = item.payload
    assert isinstance(payload, kind), f"expected {kind.__name__}, got {payload!r}"
    return payload
