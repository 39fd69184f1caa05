"""The model's predictions for one document, as suggestions an editor can show and accept.

Pure functions over the stored ``Prediction`` payloads (see ptcore/payloads.py) and
the document's gold annotations: a suggestion that is already gold is left out, and one that
overlaps a gold entity is a conflict (shown, but never accepted over the person's work).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ptcore.engine.tasks.registry import label_spec_for
from ptcore.payloads import AnswerPayload, EntitiesPayload
from ptcore.records import Task
from ptcore.store.views import Entity, Prediction, QuestionView

GHOST_HINT = "Dashed: the model's suggestions. Click one to accept it; A accepts all."


@dataclass(frozen=True)
class SuggestionKey:
    """Identifies a ghost highlight to the editor: the suggestion's index."""

    index: int


@dataclass(frozen=True)
class SuggestedSpan:
    start: int
    end: int
    label: str  # NER: the entity label; QA: empty
    confidence: float
    question_id: int | None = None


@dataclass(frozen=True)
class SuggestedLabel:
    label: str
    confidence: float


def entity_suggestions(
    predictions: Iterable[Prediction], gold: Iterable[Entity]
) -> list[SuggestedSpan]:
    """Predicted entities that are not already gold (same span and label)."""
    have = {(e.start, e.end, e.label) for e in gold}
    found = [
        SuggestedSpan(e.start, e.end, e.label, e.confidence)
        for p in predictions
        if isinstance(p.payload, EntitiesPayload)
        for e in p.payload.entities
    ]
    return [s for s in found if (s.start, s.end, s.label) not in have]


def overlapped(span: SuggestedSpan, gold: Iterable[Entity]) -> Entity | None:
    """The gold entity this suggestion would overlap, if any."""
    return next((e for e in gold if e.start < span.end and span.start < e.end), None)


def answer_suggestions(
    predictions: Iterable[Prediction], questions: Iterable[QuestionView]
) -> tuple[list[SuggestedSpan], dict[int, float]]:
    """Suggested answer spans not already answers of their question, and the questions the
    model thinks have no answer (with its confidence)."""
    by_id = {q.id: q for q in questions}
    spans: list[SuggestedSpan] = []
    no_answer: dict[int, float] = {}
    for p in predictions:
        question = by_id.get(p.question_id) if p.question_id is not None else None
        answer = p.payload
        if question is None or not isinstance(answer, AnswerPayload):
            continue
        if answer.no_answer or answer.start is None or answer.end is None:
            if not question.no_answer:
                no_answer[question.id] = p.confidence
            continue
        start, end = answer.start, answer.end
        if all((a.start, a.end) != (start, end) for a in question.answers) and start < end:
            spans.append(SuggestedSpan(start, end, "", p.confidence, question.id))
    return spans, no_answer


def label_suggestions(predictions: Iterable[Prediction], task: Task) -> list[SuggestedLabel]:
    """The predicted class label(s), each with the model's probability for it."""
    spec = label_spec_for(task)
    for p in predictions:
        if isinstance(p.payload, spec.payload_type):
            found = spec.suggested(p.payload, p.confidence)
            return [SuggestedLabel(name, probability) for name, probability in found]
    return []


def label_disagrees(suggested: list[SuggestedLabel], gold: tuple[str, ...], task: Task) -> bool:
    """Whether the document's labels (if it has any) differ from the model's."""
    if not gold or not suggested:
        return False
    return label_spec_for(task).labels_differ([s.label for s in suggested], gold)
