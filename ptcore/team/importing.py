"""Importing a file as one annotator's work in a team project (``ptcore import --annotator``).

The documents must already be in the project (import the texts first, without
``--annotator``: that goes to the gold layer); each record's annotations replace the
annotator's own on the document with the same text, all records or none. A record with a
text or a question the project lacks is refused with its line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from ptcore.db.models import DocumentRow
from ptcore.errors import InputFileError, UserError
from ptcore.records import DocumentRecord, Status
from ptcore.store.project import Project
from ptcore.store.views import Document
from ptcore.team.store import TeamAnnotationStore


def import_annotator_work(project: Project, records: Iterable[DocumentRecord], source: Path) -> int:
    """Store the records as ``project.annotator``'s work; returns how many documents."""
    store = project.annotations
    if not isinstance(store, TeamAnnotationStore):
        raise UserError(f"{project.location} is not a team project; import without --annotator.")
    count = 0
    with store.together():
        for record in records:
            try:
                _store_record(project, store, record)
            except UserError as error:
                raise InputFileError(source, record.line, str(error)) from None
            count += 1
    return count


def _store_record(project: Project, store: TeamAnnotationStore, record: DocumentRecord) -> None:
    with project.Session() as session:
        document_id = session.scalar(select(DocumentRow.id).where(DocumentRow.text == record.text))
    if document_id is None:
        raise UserError("this text is not in the project; import the texts first (no --annotator)")
    document = project.documents.get(document_id)
    if record.labels or store.shape.labels:
        store.set_class_labels(document_id, record.labels)
    for entity in document.entities:
        store.remove_entity(entity.id)
    for span in record.entities:
        store.add_entity(document_id, span.start, span.end, span.label)
    _store_answers(store, document, record)
    if record.labeled and not record.questions:
        store.set_status(document_id, Status.LABELED)


def _store_answers(store: TeamAnnotationStore, document: Document, record: DocumentRecord) -> None:
    by_text = {question.text: question for question in document.questions}
    for question in record.questions:
        stored = by_text.get(question.text.strip())
        if stored is None:
            raise UserError(f"the question {question.text!r} is not in the project's document")
        for old in stored.answers:
            store.remove_answer(old.id)
        store.set_no_answer(stored.id, question.no_answer)
        for new in question.answers:
            store.add_answer(stored.id, new.start, new.end)
