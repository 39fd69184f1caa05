"""What a model predicted for one item (a document, or for QA one question), by task.

Frozen and typed, so the engine, the CLI and the GUI read fields rather than dict keys. The
store alone turns them into JSON and back (``ptcore/store/payload_json.py``), in the shapes
projects have always held; each task's ``TaskSpec`` (``ptcore/engine/tasks/``) says which of
them its model produces and how to describe it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ptcore.records import Span


@dataclass(frozen=True)
class LabelPayload:
    """Single-label classification: the chosen label and every label's probability."""

    label: str
    probabilities: Mapping[str, float]


@dataclass(frozen=True)
class LabelsPayload:
    """Multi-label classification: the labels over the threshold, and every probability."""

    labels: tuple[str, ...]
    probabilities: Mapping[str, float]


@dataclass(frozen=True)
class PredictedSpan:
    """An entity the model found; ``confidence`` is the least sure tag probability in it."""

    start: int
    end: int
    label: str
    confidence: float

    def as_span(self) -> Span:
        return Span(self.start, self.end, self.label)


@dataclass(frozen=True)
class EntitiesPayload:
    """NER: the entities of a document, in text order."""

    entities: tuple[PredictedSpan, ...]


@dataclass(frozen=True)
class AnswerPayload:
    """Extractive QA, one question: the answer ``context[start:end]``, or ``no_answer``
    (then ``start`` and ``end`` are None and ``text`` is empty)."""

    start: int | None
    end: int | None
    text: str
    no_answer: bool


Payload = LabelPayload | LabelsPayload | EntitiesPayload | AnswerPayload
