"""Plain, Qt-free and ORM-free records that cross module boundaries.

Importers yield them, exporters consume them, the store turns them into rows and back,
and the engine trains on them. Offsets are Python ``str`` indices (code points),
end-exclusive, always relative to ``DocumentRecord.text`` (for QA: the context).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Task(StrEnum):
    CLASSIFICATION = "classification"
    MULTILABEL = "multilabel"
    NER = "ner"
    QA = "qa"


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


class Status(StrEnum):
    UNLABELED = "unlabeled"
    LABELED = "labeled"
    SKIPPED = "skipped"


class Source(StrEnum):
    """Who made an annotation: a person, or a person accepting a model suggestion."""

    HUMAN = "human"
    MODEL = "model"


@dataclass(frozen=True)
class Span:
    """A typed entity span ``text[start:end]``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Answer:
    """One acceptable answer ``context[start:end]``."""

    start: int
    end: int


@dataclass
class Question:
    text: str
    answers: list[Answer] = field(default_factory=list)
    no_answer: bool = False
    external_id: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A model's prediction for a document, never gold: read from another tool's file
    (Label Studio ``predictions``, YEDDA ``[$…]``) or written out with the project's own.

    ``model`` names the model (Label Studio's ``model_version``); ``labels`` are document
    labels, ``entities`` spans each with its confidence; confidences lie in [0, 1].
    """

    model: str
    confidence: float
    labels: tuple[str, ...] = ()
    entities: tuple[tuple[Span, float], ...] = ()


@dataclass
class DocumentRecord:
    """One document as read from or written to a file.

    ``labeled`` says whether the record carries a gold annotation at all: a plain-text
    line is unlabeled, while a CoNLL sentence with only ``O`` tags is labeled with zero
    entities. ``line`` is the 1-based line (or record number) it came from, for messages.
    ``suggestions`` are models' predictions, kept apart from the gold annotation.
    """

    text: str
    labels: list[str] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    labeled: bool = False
    split: Split | None = None
    external_id: str | None = None
    line: int = 0
    suggestions: list[Suggestion] = field(default_factory=list)


def collecting_texts(
    records: Iterator[DocumentRecord], texts: list[str]
) -> Iterator[DocumentRecord]:
    """The records, each one's text kept in ``texts`` for the fit check."""
    for record in records:
        texts.append(record.text)
        yield record
