"""Each annotator's work on each document, for agreement metrics and the review screen."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ptcore.db.models import DocumentRow
from ptcore.db.team_models import AnnotatorDocumentRow
from ptcore.records import Status
from ptcore.store.project import Project
from ptcore.store.views import Document
from ptcore.team.reading import Work, statuses

CHUNK = 500


def annotations_by_annotator(
    project: Project, finished_only: bool = True
) -> dict[int, dict[str, Document]]:
    """For each document id, each annotator's version of it as a ``Document`` holding only that
    annotator's class labels, entities and answers (questions are shared).

    Only annotators who finished the document (status ``labeled``) are included unless
    ``finished_only`` is false; documents no annotator has are left out. Annotators are in
    name order.
    """
    wanted = [Status.LABELED] if finished_only else ["claimed", *Status]
    with project.Session() as session:
        ids = list(
            session.scalars(
                select(AnnotatorDocumentRow.document_id)
                .where(AnnotatorDocumentRow.status.in_(wanted))
                .distinct()
                .order_by(AnnotatorDocumentRow.document_id)
            )
        )
        result: dict[int, dict[str, Document]] = {}
        for offset in range(0, len(ids), CHUNK):
            result.update(_chunk(session, ids[offset : offset + CHUNK], wanted))
    return result


def _chunk(session: Session, ids: list[int], wanted: list[str]) -> dict[int, dict[str, Document]]:
    work = Work(session, ids)
    documents = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.id.in_(ids))
        .options(selectinload(DocumentRow.questions))
    )
    by_id = {document.id: document for document in documents}
    result: dict[int, dict[str, Document]] = {}
    for (document_id, annotator), status in sorted(statuses(session, ids).items()):
        if status in wanted:
            view = work.view(by_id[document_id], annotator, status)
            result.setdefault(document_id, {})[annotator] = view
    return result


def annotators(project: Project) -> list[str]:
    """Everyone who holds or has worked on a document of the project, in name order."""
    with project.Session() as session:
        return list(
            session.scalars(
                select(AnnotatorDocumentRow.annotator)
                .distinct()
                .order_by(AnnotatorDocumentRow.annotator)
            )
        )
