"""Small projects several annotators labelled, written into the team tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import select

from ptcore.db.models import LabelRow
from ptcore.db.team_models import AnnotatorDocumentRow, AnnotatorEntityRow, AnnotatorLabelRow
from ptcore.records import DocumentRecord
from ptcore.store.project import Project

Work = Mapping[str, Mapping[int, Sequence[object]]]  # annotator -> document id -> labels/spans


def team_project(
    path: Path, task: str, labels: list[str], texts: list[str], work: Work, status: str = "labeled"
) -> Path:
    """A project of ``texts`` (ids from 1) where each annotator finished the documents of
    their ``work``: label names, or (start, end, label) spans for NER."""
    with Project.create(path, task, labels) as project:
        project.import_records(
            [DocumentRecord(t, line=i) for i, t in enumerate(texts, 1)], Path("seed.jsonl")
        )
        with project.Session() as s, s.begin():
            rows = s.execute(select(LabelRow.name, LabelRow.id))
            label_ids = {name: label_id for name, label_id in rows}
            for annotator, documents in work.items():
                for document_id, marks in documents.items():
                    s.add(
                        AnnotatorDocumentRow(
                            document_id=document_id, annotator=annotator, status=status
                        )
                    )
                    s.add_all(_rows(annotator, document_id, marks, label_ids))
    return path


def _rows(
    annotator: str, document_id: int, marks: Sequence[object], label_ids: dict[str, int]
) -> list[object]:
    rows: list[object] = []
    for mark in marks:
        if isinstance(mark, tuple):
            start, end, label = mark
            rows.append(
                AnnotatorEntityRow(
                    document_id=document_id,
                    annotator=annotator,
                    start=start,
                    end=end,
                    label_id=label_ids[label],
                )
            )
        else:
            rows.append(
                AnnotatorLabelRow(
                    document_id=document_id, annotator=annotator, label_id=label_ids[str(mark)]
                )
            )
    return rows
