"""annotations_by_annotator: each annotator's own version of each document."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.db.models import QuestionRow
from ptcore.db.team_models import (
    AnnotatorAnswerRow,
    AnnotatorDocumentRow,
    AnnotatorEntityRow,
    AnnotatorLabelRow,
    AnnotatorNoAnswerRow,
)
from ptcore.records import DocumentRecord, Question
from ptcore.store.project import Project
from ptcore.team.by_annotator import annotations_by_annotator, annotators

# On both engines (tests/conftest.py: each tmp_path/*.db a fresh database on the server).
pytestmark = pytest.mark.usefixtures("database_engine")


def _project(
    tmp_path: Path, task: str, labels: list[str], records: list[DocumentRecord]
) -> Project:
    project = Project.create(tmp_path / f"{task}.db", task, labels)
    project.import_records(records, Path("seed.jsonl"))
    return project


def test_each_annotator_sees_only_their_own_rows(tmp_path: Path) -> None:
    texts = [DocumentRecord("John met Mary.", line=1), DocumentRecord("Paris.", line=2)]
    project = _project(tmp_path, "ner", ["PER", "LOC"], texts)
    with project.Session() as s, s.begin():
        s.add_all(
            [
                AnnotatorDocumentRow(document_id=1, annotator="ann", status="labeled"),
                AnnotatorDocumentRow(document_id=1, annotator="bob", status="labeled"),
                AnnotatorDocumentRow(document_id=2, annotator="bob", status="claimed"),
                AnnotatorEntityRow(document_id=1, annotator="ann", start=0, end=4, label_id=1),
                AnnotatorEntityRow(document_id=1, annotator="ann", start=9, end=13, label_id=1),
                AnnotatorEntityRow(document_id=1, annotator="bob", start=0, end=4, label_id=2),
            ]
        )
    views = annotations_by_annotator(project)
    assert list(views) == [1] and list(views[1]) == ["ann", "bob"]
    assert [(e.start, e.end, e.label) for e in views[1]["ann"].entities] == [
        (0, 4, "PER"),
        (9, 13, "PER"),
    ]
    assert [(e.start, e.end, e.label) for e in views[1]["bob"].entities] == [(0, 4, "LOC")]
    assert views[1]["ann"].text == "John met Mary." and views[1]["ann"].status == "labeled"
    unfinished = annotations_by_annotator(project, finished_only=False)
    assert unfinished[2]["bob"].status == "unlabeled" and unfinished[2]["bob"].entities == ()
    assert annotators(project) == ["ann", "bob"]
    assert project.documents.get(1).entities == ()  # the gold layer is untouched
    project.close()


def test_labels_and_answers_per_annotator(tmp_path: Path) -> None:
    records = [DocumentRecord("Good film.", line=1)]
    project = _project(tmp_path, "multilabel", ["pos", "short"], records)
    with project.Session() as s, s.begin():
        s.add(AnnotatorDocumentRow(document_id=1, annotator="ann", status="labeled"))
        s.add(AnnotatorLabelRow(document_id=1, annotator="ann", label_id=1))
        s.add(AnnotatorLabelRow(document_id=1, annotator="ann", label_id=2))
    assert annotations_by_annotator(project)[1]["ann"].label_names == ("pos", "short")
    project.close()

    context = "Paris is the capital of France."
    questions = [Question("Capital?"), Question("Of Spain?")]
    qa = _project(tmp_path, "qa", [], [DocumentRecord(context, questions=questions, line=1)])
    with qa.Session() as s, s.begin():
        first, second = s.query(QuestionRow).order_by(QuestionRow.position).all()
        for name in ("ann", "bob"):
            s.add(AnnotatorDocumentRow(document_id=1, annotator=name, status="labeled"))
            s.add(AnnotatorAnswerRow(question_id=first.id, annotator=name, start=0, end=5))
        s.add(AnnotatorNoAnswerRow(question_id=second.id, annotator="bob"))
    views = annotations_by_annotator(qa)[1]
    assert [(a.start, a.end) for a in views["ann"].questions[0].answers] == [(0, 5)]
    assert [q.no_answer for q in views["ann"].questions] == [False, False]
    assert [q.no_answer for q in views["bob"].questions] == [False, True]
    assert [q.text for q in views["bob"].questions] == ["Capital?", "Of Spain?"]
    qa.close()
