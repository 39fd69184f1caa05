"""Gold from annotators: majority per task, or one named annotator; ties need review."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.db.models import ClassLabelRow
from ptcore.records import DocumentRecord, Question, Status
from ptcore.store.project import Project
from ptcore.team.review import needs_review
from tests.team.conftest import team_project, texts

# On both engines (tests/conftest.py: each tmp_path/*.db a fresh database on the server).
pytestmark = pytest.mark.usefixtures("database_engine")


def _gold_labels(project: Project, document_id: int) -> tuple[str, ...]:
    return project.documents.gold(document_id).label_names


def test_classification_majority_and_tie(tmp_path: Path) -> None:
    path = team_project(tmp_path, "classification", ["pos", "neg"], texts("Fine.", "Meh."), 3)
    votes = {"ann": ["pos", "neg"], "bob": ["pos", "pos"], "cat": ["neg", "pos"]}
    for name, labels in votes.items():
        with Project(path, annotator=name) as project:
            for document_id, label in enumerate(labels, 1):
                project.annotations.set_class_labels(document_id, [label])
    with Project(path, annotator="lead") as project:
        assert _gold_labels(project, 1) == ("pos",) and _gold_labels(project, 2) == ("pos",)
        gold = project.documents.gold(1)
        assert gold.status == Status.LABELED
        with project.Session() as session:
            makers = {row.document_id: row.annotator for row in session.query(ClassLabelRow)}
        assert makers == {1: "ann,bob", 2: "bob,cat"}
    two = team_project(tmp_path / "two", "classification", ["pos", "neg"], texts("Fine."))
    for name, label in (("ann", "pos"), ("bob", "neg")):
        with Project(two, annotator=name) as project:
            project.annotations.set_class_labels(1, [label])
    with Project(two) as project:
        assert _gold_labels(project, 1) == () and project.documents.gold(1).status == "unlabeled"
        assert needs_review(project) == [1]


def test_multilabel_majority_is_the_whole_label_set(tmp_path: Path) -> None:
    path = team_project(tmp_path, "multilabel", ["a", "b", "c"], texts("Text."), 3)
    for name, labels in (("ann", ["a", "b"]), ("bob", ["a", "b"]), ("cat", ["a", "c"])):
        with Project(path, annotator=name) as project:
            project.annotations.set_class_labels(1, labels)
    with Project(path) as project:
        assert _gold_labels(project, 1) == ("a", "b")


def test_ner_majority_per_span_and_label(tmp_path: Path) -> None:
    path = team_project(tmp_path, "ner", ["PER", "LOC"], texts("John met Mary in Paris."), 3)
    spans = {
        "ann": [(0, 4, "PER"), (17, 22, "LOC")],
        "bob": [(0, 4, "PER"), (9, 13, "PER")],
        "cat": [(0, 4, "LOC"), (17, 22, "LOC")],
    }
    for name, entities in spans.items():
        with Project(path, annotator=name) as project:
            for start, end, label in entities:
                project.annotations.add_entity(1, start, end, label)
    with Project(path) as project:
        gold = project.documents.gold(1)
        assert [(e.start, e.end, e.label) for e in gold.entities] == [
            (0, 4, "PER"),
            (17, 22, "LOC"),
        ]
        assert gold.status == Status.LABELED and needs_review(project) == []


def test_qa_majority_per_question(tmp_path: Path) -> None:
    context = "Paris is the capital of France."
    record = DocumentRecord(
        context, questions=[Question("Capital?"), Question("Of Spain?")], line=1
    )
    path = team_project(tmp_path, "qa", [], [record], 3)
    for name, span in (("ann", (0, 5)), ("bob", (0, 5)), ("cat", (24, 30))):
        with Project(path, annotator=name) as project:
            first, second = (q.id for q in project.documents.get(1).questions)
            project.annotations.add_answer(first, *span)
            project.annotations.set_no_answer(second, name != "cat")
            if name == "cat":
                project.annotations.add_answer(second, 0, 5)
    with Project(path) as project:
        first, second = project.documents.gold(1).questions
        assert [(a.start, a.end) for a in first.answers] == [(0, 5)] and not first.no_answer
        assert second.no_answer and second.answers == ()
        assert project.documents.gold(1).status == Status.LABELED


def test_named_annotator_rule_takes_their_version(tmp_path: Path) -> None:
    path = team_project(tmp_path, "ner", ["PER"], texts("John met Mary."), 3, "annotator:bob")
    for name, span in (("ann", (0, 4)), ("cat", (0, 4)), ("bob", (9, 13))):
        with Project(path, annotator=name) as project:
            project.annotations.add_entity(1, *span, "PER")
    with Project(path) as project:
        assert [(e.start, e.end) for e in project.documents.gold(1).entities] == [(9, 13)]
