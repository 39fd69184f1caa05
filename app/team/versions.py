"""One document's versions, one per annotator, for the review screen: read for that document
only (``annotations_by_annotator`` reads the whole project, too much for one screen)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from ptcore.db.models import DocumentRow
from ptcore.errors import ValidationError
from ptcore.store.project import Project
from ptcore.store.views import Document
from ptcore.team.reading import Work, statuses

CLAIMED = "claimed"


@dataclass(frozen=True)
class Versions:
    gold: Document
    by_annotator: dict[str, Document]  # name order
    done: dict[str, bool]  # whether each annotator finished (labelled) the document


def versions_of(project: Project, document_id: int) -> Versions:
    """The gold and every annotator's version of one document (who only claimed it included,
    shown as not done)."""
    with project.Session() as session:
        row = session.get(DocumentRow, document_id, options=[selectinload(DocumentRow.questions)])
        if row is None:
            raise ValidationError(f"Document {document_id} does not exist.")
        held = sorted(statuses(session, [document_id]).items())
        work = Work(session, [document_id])
        by_annotator = {name: work.view(row, name, status) for (_id, name), status in held}
        done = {name: status == "labeled" for (_id, name), status in held}
    return Versions(project.documents.gold(document_id), by_annotator, done)
