"""Accepting suggestions: several actions, one transaction (all or none)."""

from __future__ import annotations

import pytest

from ptcore.errors import ValidationError
from ptcore.records import Source, Status
from ptcore.store import accepting
from ptcore.store.project import Project


def _doc(project: Project, index: int):  # type: ignore[no-untyped-def]
    return project.documents.get(project.documents.ids()[index])


def test_add_entities_stores_all_as_the_models_in_order(ner_project: Project) -> None:
    document = _doc(ner_project, 1)  # 张三住在北京。😀
    ids = accepting.add_entities(
        ner_project.annotations, document.id, [(4, 6, "LOC"), (0, 2, "PER")]
    )
    stored = {e.id: (e.start, e.end, e.label, e.source) for e in _doc(ner_project, 1).entities}
    assert [stored[i] for i in ids] == [(4, 6, "LOC", Source.MODEL), (0, 2, "PER", Source.MODEL)]
    assert _doc(ner_project, 1).status == Status.LABELED


def test_one_refused_entity_stores_none(ner_project: Project) -> None:
    document = _doc(ner_project, 0)  # "John lives in Paris." with PER "John"
    with pytest.raises(ValidationError):
        accepting.add_entities(
            ner_project.annotations, document.id, [(14, 19, "LOC"), (0, 10, "PER")]
        )
    assert [(e.start, e.end) for e in _doc(ner_project, 0).entities] == [(0, 4)]


def test_remove_entities_removes_exactly_those(ner_project: Project) -> None:
    document = _doc(ner_project, 0)
    ids = accepting.add_entities(ner_project.annotations, document.id, [(14, 19, "LOC")])
    accepting.remove_entities(ner_project.annotations, ids)
    assert [(e.start, e.end) for e in _doc(ner_project, 0).entities] == [(0, 4)]


def test_add_answers_stores_spans_and_no_answer(qa_project: Project) -> None:
    document = _doc(qa_project, 0)
    question = document.questions[0]
    second = qa_project.annotations.add_question(document.id, "Of which country?")
    ids = accepting.add_answers(qa_project.annotations, [(question.id, (24, 30)), (second, None)])
    first, other = _doc(qa_project, 0).questions
    assert ids[1] is None
    assert [(a.id, a.start, a.end, a.source) for a in first.answers if a.id == ids[0]] == [
        (ids[0], 24, 30, Source.MODEL)
    ]
    assert other.no_answer


def test_one_refused_answer_stores_none(qa_project: Project) -> None:
    question = _doc(qa_project, 0).questions[0]
    with pytest.raises(ValidationError):
        accepting.add_answers(
            qa_project.annotations, [(question.id, (24, 30)), (question.id, (0, 99))]
        )
    assert [(a.start, a.end) for a in _doc(qa_project, 0).questions[0].answers] == [(0, 5)]
