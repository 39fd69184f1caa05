"""Small frozen snapshots of stored rows, safe to hand to another thread or a Qt model.

Live ORM objects never leave the store: they belong to one session and one thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ptcore.payloads import Payload


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    task: str
    base_model: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class Label:
    id: int
    name: str
    color: str
    shortcut: str
    position: int


@dataclass(frozen=True)
class ClassLabel:
    id: int
    label: str
    source: str


@dataclass(frozen=True)
class Entity:
    id: int
    start: int
    end: int
    label: str
    source: str


@dataclass(frozen=True)
class AnswerView:
    id: int
    start: int
    end: int
    source: str


@dataclass(frozen=True)
class QuestionView:
    id: int
    text: str
    no_answer: bool
    position: int
    answers: tuple[AnswerView, ...] = ()
    external_id: str | None = None

    @property
    def resolved(self) -> bool:
        """Answered, or explicitly marked as having no answer."""
        return self.no_answer or bool(self.answers)


@dataclass(frozen=True)
class DocumentSummary:
    """What the document list shows for one row."""

    id: int
    preview: str
    split: str
    status: str
    labels: tuple[str, ...]
    annotation_count: int
    questions_answered: int = 0  # QA: answered or marked "no answer"
    questions_total: int = 0


@dataclass(frozen=True)
class Document:
    id: int
    text: str
    split: str
    status: str
    external_id: str | None
    class_labels: tuple[ClassLabel, ...] = ()
    entities: tuple[Entity, ...] = ()
    questions: tuple[QuestionView, ...] = field(default_factory=tuple)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.label for label in self.class_labels)


class RunStatus(StrEnum):
    """Where a run stands. The values are the strings stored in ``runs.status``."""

    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # its training process died; found when the project is opened
    IMPORTED = "imported"  # another tool's predictions read from a file; no model of its own


@dataclass(frozen=True)
class Run:
    id: int
    status: RunStatus
    settings: dict[str, Any]
    training_set: dict[str, Any]
    metrics: dict[str, Any]
    model_dir: str
    device: str
    num_train_documents: int
    error: str
    started_at: str
    finished_at: str | None


@dataclass(frozen=True)
class RunMetric:
    step: int
    epoch: float
    split: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Prediction:
    run_id: int
    document_id: int
    question_id: int | None
    payload: Payload
    confidence: float
    disagrees: bool | None
