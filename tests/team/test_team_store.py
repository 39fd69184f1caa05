"""Two annotators label the same documents independently through the store's usual calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.db.models import EntityRow
from ptcore.errors import ValidationError
from ptcore.records import DocumentRecord, Question, Status
from ptcore.store.project import Project
from ptcore.team.by_annotator import annotations_by_annotator
from tests.team.conftest import team_project, texts

# On both engines (tests/conftest.py: each tmp_path/*.db a fresh database on the server).
pytestmark = pytest.mark.usefixtures("database_engine")


def test_each_annotator_sees_and_changes_only_their_own_work(tmp_path: Path) -> None:
    path = team_project(tmp_path, "ner", ["PER", "LOC"], texts("John met Mary in Paris."))
    with Project(path, annotator="ann") as ann, Project(path, annotator="bob") as bob:
        john = ann.annotations.add_entity(1, 0, 4, "PER")
        ann.annotations.add_entity(1, 17, 22, "LOC")
        bob.annotations.add_entity(1, 0, 4, "LOC")  # overlaps ann's span: not bob's concern
        assert [(e.start, e.label) for e in ann.documents.get(1).entities] == [
            (0, "PER"),
            (17, "LOC"),
        ]
        assert [(e.start, e.label) for e in bob.documents.get(1).entities] == [(0, "LOC")]
        with pytest.raises(ValidationError, match="not one of bob's"):
            bob.annotations.remove_entity(john)
        ann.annotations.relabel_entity(john, "LOC")
        assert ann.documents.get(1).status == Status.LABELED
        assert [e.label for e in bob.documents.get(1).entities] == ["LOC"]
        ann.annotations.remove_entity(john)
        assert [e.start for e in ann.documents.get(1).entities] == [17]
        views = annotations_by_annotator(ann)[1]
        assert sorted(views) == ["ann", "bob"]


def test_classification_and_qa_calls_write_the_annotators_rows(tmp_path: Path) -> None:
    path = team_project(tmp_path, "multilabel", ["pos", "long"], texts("A good film."))
    with Project(path, annotator="ann") as ann:
        assert ann.annotations.toggle_class_label(1, "pos") is True
        ann.annotations.set_class_labels(1, ["pos", "long"])
        assert ann.annotations.toggle_class_label(1, "long") is False
        assert ann.documents.get(1).label_names == ("pos",)
        summary = ann.documents.summaries([1])[0]
        assert summary.labels == ("pos",) and summary.status == Status.LABELED

    context = "Paris is the capital of France."
    record = DocumentRecord(
        context, questions=[Question("Capital?"), Question("Of Spain?")], line=1
    )
    qa = team_project(tmp_path, "qa", [], [record])
    with Project(qa, annotator="ann") as ann, Project(qa, annotator="bob") as bob:
        first, second = (q.id for q in ann.documents.get(1).questions)
        answer = ann.annotations.add_answer(first, 0, 5)
        assert ann.documents.get(1).status == Status.UNLABELED  # one question still open
        ann.annotations.set_no_answer(second, True)
        assert ann.documents.get(1).status == Status.LABELED
        assert bob.documents.get(1).questions[0].answers == ()
        with pytest.raises(ValidationError):
            bob.annotations.remove_answer(answer)
        ann.annotations.remove_answer(answer)
        assert ann.documents.get(1).status == Status.UNLABELED


def test_single_person_project_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "solo.db"
    with Project.create(path, "ner", ["PER"]) as project:
        project.import_records(texts("John is here."), Path("seed.jsonl"))
    with Project(path, annotator="ann") as project:
        assert project.team is None
        project.annotations.add_entity(1, 0, 4, "PER")
        assert [e.label for e in project.documents.get(1).entities] == ["PER"]
        assert annotations_by_annotator(project) == {}
        with project.Session() as session:
            assert session.query(EntityRow).one().annotator == "ann"
