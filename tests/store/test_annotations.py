from __future__ import annotations

import pytest

from ptcore.errors import ValidationError
from ptcore.records import Source, Split, Status
from ptcore.store.project import Project


def _doc(project: Project, index: int):
    return project.documents.get(project.documents.ids()[index])


def test_add_entity_stores_character_offsets_and_labels_document(ner_project: Project) -> None:
    document = _doc(ner_project, 1)
    ner_project.annotations.add_entity(document.id, 4, 6, "LOC")
    stored = _doc(ner_project, 1)
    assert [(e.start, e.end, e.label) for e in stored.entities] == [(4, 6, "LOC")]
    assert stored.text[4:6] == "北京"
    assert stored.status == Status.LABELED


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (0, 99, "not inside the text"),
        (3, 3, "not inside"),
        (-1, 2, "not inside"),
        (4, 5, "white space"),
    ],
)
def test_invalid_spans_are_refused(
    ner_project: Project, start: int, end: int, message: str
) -> None:
    document = _doc(ner_project, 0)
    with pytest.raises(ValidationError, match=message):
        ner_project.annotations.add_entity(document.id, start, end, "LOC")
    assert len(_doc(ner_project, 0).entities) == 1


def test_overlapping_entity_is_refused_with_the_other_span_named(ner_project: Project) -> None:
    document = _doc(ner_project, 0)
    with pytest.raises(ValidationError, match="overlaps the PER entity 'John'"):
        ner_project.annotations.add_entity(document.id, 2, 10, "LOC")


def test_unknown_label_is_refused(ner_project: Project) -> None:
    with pytest.raises(ValidationError, match="Unknown label"):
        ner_project.annotations.add_entity(_doc(ner_project, 0).id, 14, 19, "ORG")


def test_relabel_and_remove_entity(ner_project: Project) -> None:
    entity = _doc(ner_project, 0).entities[0]
    ner_project.annotations.relabel_entity(entity.id, "LOC")
    assert _doc(ner_project, 0).entities[0].label == "LOC"
    ner_project.annotations.remove_entity(entity.id)
    assert _doc(ner_project, 0).entities == ()


def test_classification_single_label_replaces_and_multilabel_toggles(tmp_path) -> None:
    from pathlib import Path

    from ptcore.records import DocumentRecord

    for task in ("classification", "multilabel"):
        project = Project.create(tmp_path / f"{task}.db", task, ["pos", "neg"])
        project.import_records([DocumentRecord("great film")], Path("x"))
        doc_id = project.documents.ids()[0]
        project.annotations.toggle_class_label(doc_id, "pos")
        project.annotations.toggle_class_label(doc_id, "neg", Source.MODEL)
        document = project.documents.get(doc_id)
        expected = ("neg",) if task == "classification" else ("pos", "neg")
        assert sorted(document.label_names) == sorted(expected)
        assert document.status == Status.LABELED
        for name in expected:
            project.annotations.toggle_class_label(doc_id, name)
        assert project.documents.get(doc_id).status == Status.UNLABELED
        project.close()


def test_single_label_project_refuses_two_labels(tmp_path) -> None:
    from pathlib import Path

    from ptcore.records import DocumentRecord

    project = Project.create(tmp_path / "c.db", "classification", ["pos", "neg"])
    project.import_records([DocumentRecord("meh")], Path("x"))
    with pytest.raises(ValidationError, match="one label per document"):
        project.annotations.set_class_labels(project.documents.ids()[0], ["pos", "neg"])
    project.close()


def test_model_provenance_is_recorded(ner_project: Project) -> None:
    document = _doc(ner_project, 1)
    ner_project.annotations.add_entity(document.id, 0, 2, "PER", Source.MODEL)
    assert _doc(ner_project, 1).entities[0].source == "model"


def test_qa_answers_questions_and_status(qa_project: Project) -> None:
    document = _doc(qa_project, 0)
    assert document.status == Status.LABELED
    question_id = qa_project.annotations.add_question(document.id, "Which country?")
    assert _doc(qa_project, 0).status == Status.UNLABELED
    qa_project.annotations.add_answer(question_id, 24, 30)
    assert _doc(qa_project, 0).status == Status.LABELED
    with pytest.raises(ValidationError, match="not inside"):
        qa_project.annotations.add_answer(question_id, 24, 300)
    qa_project.annotations.set_no_answer(question_id, True)
    question = _doc(qa_project, 0).questions[1]
    assert question.no_answer and question.answers == ()
    qa_project.annotations.delete_question(question_id)
    assert len(_doc(qa_project, 0).questions) == 1


def test_skip_and_manual_split(ner_project: Project) -> None:
    document = _doc(ner_project, 1)
    ner_project.annotations.set_status(document.id, Status.SKIPPED)
    ner_project.annotations.set_split(document.id, Split.TEST)
    stored = _doc(ner_project, 1)
    assert (stored.status, stored.split) == ("skipped", "test")


def test_annotations_record_who_made_them(ner_project: Project) -> None:
    from ptcore.store.project import current_user

    document = _doc(ner_project, 1)
    ner_project.annotations.add_entity(document.id, 0, 2, "PER")
    with ner_project.Session() as session:
        from ptcore.db.models import EntityRow

        annotators = {row.annotator for row in session.query(EntityRow)}
    assert annotators == {current_user()} and current_user()
