"""What a reviewer chooses from: every annotation of a document's annotators as a ``Unit``
(a class label, an entity, an answer, or "no answer" to a question), who made each, which
ones contradict each other, and the merge of several versions.

Qt-free, so the rules are tested without a screen. The gold a reviewer saves is a set of
units, turned back into a ``Document`` for the team store's review functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from ptcore.records import Status
from ptcore.store.views import AnswerView, ClassLabel, Document, Entity, QuestionView

LABEL, ENTITY, ANSWER, NO_ANSWER = "label", "entity", "answer", "no_answer"


class Unit(NamedTuple):
    """One annotation, comparable across annotators (ids differ, the content does not)."""

    kind: str
    label: str = ""
    start: int = -1
    end: int = -1
    question_id: int = 0


@dataclass(frozen=True)
class Rules:
    single_label: bool  # at most one class label: two different labels contradict


def units_of(document: Document) -> set[Unit]:
    units = {Unit(LABEL, name) for name in document.label_names}
    units |= {Unit(ENTITY, e.label, e.start, e.end) for e in document.entities}
    for question in document.questions:
        if question.no_answer:
            units.add(Unit(NO_ANSWER, question_id=question.id))
        units |= {Unit(ANSWER, "", a.start, a.end, question.id) for a in question.answers}
    return units


def made_by(versions: Mapping[str, Document]) -> dict[Unit, list[str]]:
    """Each unit any annotator made, with who made it (in the versions' order)."""
    makers: dict[Unit, list[str]] = {}
    for name, document in versions.items():
        for unit in sorted(units_of(document)):
            makers.setdefault(unit, []).append(name)
    return dict(sorted(makers.items()))


def contradicts(a: Unit, b: Unit, rules: Rules) -> bool:
    """Whether gold cannot hold both: two labels of a single-label task, overlapping
    entities, or an answer and "no answer" to the same question."""
    if a == b:
        return False
    if a.kind == b.kind == LABEL:
        return rules.single_label
    if a.kind == b.kind == ENTITY:
        return a.start < b.end and b.start < a.end
    if {a.kind, b.kind} == {ANSWER, NO_ANSWER}:
        return a.question_id == b.question_id
    return False


def choose(chosen: Iterable[Unit], unit: Unit, rules: Rules) -> set[Unit]:
    """``chosen`` with ``unit`` added and whatever it contradicts taken out."""
    return {u for u in chosen if not contradicts(u, unit, rules)} | {unit}


def merge(versions: Mapping[str, Document], rules: Rules) -> set[Unit]:
    """What most annotators made, plus what only some made that no one contradicted.
    Contested choices without a majority are left out, for the reviewer to pick."""
    makers = made_by(versions)
    count = len(versions)
    merged = {unit for unit, names in makers.items() if 2 * len(names) > count}
    for unit in makers:
        if unit not in merged and not any(contradicts(unit, other, rules) for other in makers):
            merged.add(unit)
    return merged  # units of a majority never contradict: some annotator made both


def gold_document(base: Document, chosen: Iterable[Unit]) -> Document:
    """``base`` (its text and questions) holding exactly the ``chosen`` annotations: what the
    team store's review functions take (ids are ignored there)."""
    units = sorted(set(chosen))
    answers = {
        q.id: [u for u in units if u.kind == ANSWER and u.question_id == q.id]
        for q in base.questions
    }
    no_answer = {u.question_id for u in units if u.kind == NO_ANSWER}
    return replace(
        base,
        status=Status.LABELED,
        class_labels=tuple(ClassLabel(0, u.label, "human") for u in units if u.kind == LABEL),
        entities=tuple(
            Entity(0, u.start, u.end, u.label, "human") for u in units if u.kind == ENTITY
        ),
        questions=tuple(
            QuestionView(
                q.id,
                q.text,
                q.id in no_answer,
                q.position,
                tuple(AnswerView(0, u.start, u.end, "human") for u in answers[q.id]),
                q.external_id,
            )
            for q in base.questions
        ),
    )


def describe(unit: Unit, text: str, question_numbers: Mapping[int, int]) -> str:
    """A unit as the reviewer reads it: "PER  'Ada Lovelace'", "Q2: 'in 1843'"."""
    if unit.kind == LABEL:
        return unit.label
    if unit.kind == ENTITY:
        return f"{unit.label}  '{text[unit.start : unit.end]}'"
    number = question_numbers.get(unit.question_id, 0)
    if unit.kind == NO_ANSWER:
        return f"Q{number}: ∅ no answer"
    return f"Q{number}: '{text[unit.start : unit.end]}'"
