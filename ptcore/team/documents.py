"""Reading documents as one annotator of a team project: ``get`` and the list's rows show
the annotator's own work; ``gold``, ``ids``, ``count`` and ``all`` (training, export) read the
gold layer as before."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session, selectinload, sessionmaker

from ptcore.db.models import DocumentRow
from ptcore.db.team_models import AnnotatorDocumentRow
from ptcore.errors import ValidationError
from ptcore.store.documents import DocumentStore
from ptcore.store.views import Document, DocumentSummary
from ptcore.team.holding import CLAIMED
from ptcore.team.reading import Work, statuses
from ptcore.team.store import TeamAnnotationStore


class TeamDocumentStore(DocumentStore):
    def __init__(self, session_factory: sessionmaker[Session], store: TeamAnnotationStore) -> None:
        super().__init__(session_factory)
        self.store = store

    @property
    def annotator(self) -> str:
        return self.store.annotator

    def get(self, document_id: int) -> Document:
        """The annotator's version of the document; later writes are checked against it."""
        with self._session() as session:
            row = session.get(
                DocumentRow, document_id, options=[selectinload(DocumentRow.questions)]
            )
            if row is None:
                raise ValidationError(f"Document {document_id} does not exist.")
            state = session.get(AnnotatorDocumentRow, (document_id, self.annotator))
            version = state.version if state else 0
            status = state.status if state else CLAIMED
            document = Work(session, [document_id]).view(row, self.annotator, status)
        self.store.saw(document_id, version)
        return document

    def summaries(self, ids: list[int]) -> list[DocumentSummary]:
        """The list's rows with the annotator's own status and labels."""
        gold = super().summaries(ids)
        with self._session() as session:
            work = Work(session, ids)
            mine = statuses(session, ids)
        return [
            self._own(summary, work, mine.get((summary.id, self.annotator))) for summary in gold
        ]

    def _own(self, summary: DocumentSummary, work: Work, status: str | None) -> DocumentSummary:
        key = (summary.id, self.annotator)
        labels = [work.names[row.label_id] for row in work.labels[key]]
        labels += [work.names[row.label_id] for row in work.entities[key]]
        return replace(
            summary,
            status="unlabeled" if status in (None, CLAIMED) else status,
            labels=tuple(dict.fromkeys(labels)),
            annotation_count=len(work.labels[key])
            + len(work.entities[key])
            + summary.questions_total,
        )
