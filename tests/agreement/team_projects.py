"""Small team projects: each annotator's work stored through the team store, as that
annotator's own window or ``ptcore import --annotator`` stores it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ptcore.records import DocumentRecord, Status
from ptcore.store.project import Project
from ptcore.team.settings import MAJORITY
from ptcore.team.state import set_team

Mark = str | tuple[int, int, str]  # a label name, or an NER span (start, end, label)
Work = Mapping[str, Mapping[int, Sequence[Mark]]]  # annotator -> document id -> marks


def team_project(path: Path, task: str, labels: list[str], texts: list[str], work: Work) -> Path:
    """A team project of ``texts`` (ids from 1) where each annotator finished the documents
    of their ``work``."""
    with Project.create(path, task, labels) as project:
        records = [DocumentRecord(text, line=i) for i, text in enumerate(texts, 1)]
        project.import_records(records, Path("texts.jsonl"))
        set_team(project, overlap=len(work), gold_rule=MAJORITY)
    for annotator, documents in work.items():
        with Project(path, annotator=annotator) as mine:
            for document_id, marks in documents.items():
                store(mine, document_id, marks)
    return path


def store(project: Project, document_id: int, marks: Sequence[Mark]) -> None:
    annotations = project.annotations
    labels = [mark for mark in marks if isinstance(mark, str)]
    if labels:
        annotations.set_class_labels(document_id, labels)
    for mark in marks:
        if isinstance(mark, tuple):
            annotations.add_entity(document_id, *mark)
    annotations.set_status(document_id, Status.LABELED)
