"""Accepting the model's suggestions into gold, all or none.

Each call is several annotation actions in one transaction: a refused span (an overlap, an
answer outside its context, a label deleted since) or a killed process stores none of them.
The GUI's "accept" and its undo call these, as any script may.
"""

from __future__ import annotations

from collections.abc import Sequence

from ptcore.records import Source
from ptcore.store.annotations import AnnotationStore


def add_entities(
    store: AnnotationStore,
    document_id: int,
    spans: Sequence[tuple[int, int, str]],
    source: Source = Source.MODEL,
) -> list[int]:
    """Store ``(start, end, label)`` entities; returns their ids in the same order."""
    with store.together():
        return [
            store.add_entity(document_id, start, end, label, source) for start, end, label in spans
        ]


def remove_entities(store: AnnotationStore, entity_ids: Sequence[int]) -> None:
    with store.together():
        for entity_id in entity_ids:
            store.remove_entity(entity_id)


def add_answers(
    store: AnnotationStore,
    answers: Sequence[tuple[int, tuple[int, int] | None]],
    source: Source = Source.MODEL,
) -> list[int | None]:
    """Store ``(question_id, (start, end))`` answers; a span of None marks the question as
    having no answer. Returns the new answers' ids (None for a "no answer")."""
    ids: list[int | None] = []
    with store.together():
        for question_id, span in answers:
            if span is None:
                store.set_no_answer(question_id, True)
                ids.append(None)
            else:
                ids.append(store.add_answer(question_id, *span, source=source))
    return ids
