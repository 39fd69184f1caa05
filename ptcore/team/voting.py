"""The gold version a rule makes from annotators' finished versions of one document.

Majority, per task: an annotation is gold when more than half of the annotators who finished
the document made it. What counts as "the same annotation":
- classification and multi-label: the whole label set;
- NER: the same span with the same label (a span fewer than half made is outvoted);
- QA, per question: the same answer span, or the mark "no answer".
A document needs review (its gold stays unlabeled) when a label set wins no majority, when a
span or answer was made by exactly half, or when annotators answered a question but no answer
won a majority. ``annotator:NAME`` takes NAME's version whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ptcore.store.views import Document
from ptcore.task_shapes import TaskShape

NO_ANSWER = (-1, -1)  # the unit for "this question has no answer"
Span = tuple[int, int]
EntityKey = tuple[int, int, str]
Unit = TypeVar("Unit", bound=Hashable)


@dataclass
class GoldVersion:
    """A document's gold annotations, each with who made it (names joined by commas)."""

    labels: dict[str, str] = field(default_factory=dict)
    entities: dict[EntityKey, str] = field(default_factory=dict)
    answers: dict[int, dict[Span, str]] = field(default_factory=dict)  # question id -> spans
    no_answers: dict[int, str] = field(default_factory=dict)  # question id -> makers
    needs_review: bool = False


def version_of(document: Document, maker: str) -> GoldVersion:
    """One person's document as a gold version (an annotator's work, or a reviewer's edit)."""
    return GoldVersion(
        labels={name: maker for name in document.label_names},
        entities={(e.start, e.end, e.label): maker for e in document.entities},
        answers={
            q.id: {(a.start, a.end): maker for a in q.answers}
            for q in document.questions
            if q.answers
        },
        no_answers={q.id: maker for q in document.questions if q.no_answer},
    )


def majority(shape: TaskShape, finished: Mapping[str, Document]) -> GoldVersion:
    """The majority's gold version of a document from its finished annotators' versions."""
    gold = GoldVersion()
    count = len(finished)
    if shape.labels:
        sets = {name: {tuple(sorted(d.label_names))} for name, d in finished.items()}
        label_sets, _tie = _vote(sets, count)
        for label_set, makers in label_sets.items():
            gold.labels = dict.fromkeys(label_set, makers)
        gold.needs_review = not label_sets
    if shape.spans:
        spans = {
            name: {(e.start, e.end, e.label) for e in d.entities} for name, d in finished.items()
        }
        gold.entities, gold.needs_review = _vote(spans, count)
    if shape.questions:
        gold.needs_review = any(_vote_question(gold, finished, qid) for qid in _questions(finished))
    return gold


def _questions(finished: Mapping[str, Document]) -> list[int]:
    first = next(iter(finished.values()), None)
    return [q.id for q in first.questions] if first else []


def _vote_question(gold: GoldVersion, finished: Mapping[str, Document], question_id: int) -> bool:
    """Put the majority's answers to one question in ``gold``; True when it needs review."""
    units: dict[str, set[Span]] = {}
    for name, document in finished.items():
        question = next(q for q in document.questions if q.id == question_id)
        units[name] = (
            {NO_ANSWER} if question.no_answer else {(a.start, a.end) for a in question.answers}
        )
    winners, tie = _vote(units, len(finished))
    if NO_ANSWER in winners:
        gold.no_answers[question_id] = winners[NO_ANSWER]
    elif winners:
        gold.answers[question_id] = winners
    answered = any(units.values())
    return tie or (answered and not winners)


def _vote(units: Mapping[str, set[Unit]], count: int) -> tuple[dict[Unit, str], bool]:
    """Units more than half of ``count`` annotators made, with their makers; and whether any
    unit was made by exactly half (a tie)."""
    makers: dict[Unit, list[str]] = defaultdict(list)
    for name in sorted(units):
        for unit in units[name]:
            makers[unit].append(name)
    winners = {unit: ",".join(names) for unit, names in makers.items() if 2 * len(names) > count}
    tie = any(2 * len(names) == count for names in makers.values())
    return winners, tie
