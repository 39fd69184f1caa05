"""Reading documents: filtered id lists for the document list, summaries, full documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import CompoundSelect, Select, case, exists, func, or_, select, text
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ptcore.db.models import (
    AnswerRow,
    ClassLabelRow,
    DocumentRow,
    EntityRow,
    LabelRow,
    PredictionRow,
    QuestionRow,
)
from ptcore.errors import ValidationError
from ptcore.records import Split, Status
from ptcore.store.views import (
    AnswerView,
    ClassLabel,
    Document,
    DocumentSummary,
    Entity,
    QuestionView,
)

PREVIEW_CHARS = 200
# FTS5's trigram tokenizer needs three characters; shorter queries use a plain scan.
TRIGRAM_MIN = 3


Order = Literal["id", "uncertainty"]


@dataclass(frozen=True)
class DocumentFilter:
    """What the document list asks for. Empty fields do not filter.

    The model fields read run ``run_id``'s stored predictions; a document's confidence is
    that of its least sure prediction (QA: one per question). Without a run, ``disagrees``
    and ``max_confidence`` match nothing and ``order="uncertainty"`` falls back to ids.
    """

    status: Status | None = None
    split: Split | None = None
    label: str | None = None
    search: str = ""
    run_id: int | None = None
    disagrees: bool = False  # only documents where the model differs from the gold annotation
    max_confidence: float | None = None  # only documents with a prediction less sure than this
    order: Order = "id"  # "uncertainty": least sure first, documents without predictions last

    @property
    def reads_predictions(self) -> bool:
        """Whether which documents match, or their order, depends on ``run_id``'s predictions."""
        return self.disagrees or self.max_confidence is not None or self.order == "uncertainty"


class DocumentStore:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session = session_factory

    def ids(self, where: DocumentFilter | None = None) -> list[int]:
        """Ids of matching documents in list order; cheap even for 100,000 documents."""
        where = where or DocumentFilter()
        with self._session() as session:
            query = _filtered(select(DocumentRow.id), where, session.get_bind().dialect.name)
            return list(session.scalars(_ordered(query, where)))

    def count(self, where: DocumentFilter | None = None) -> int:
        return len(self.ids(where))

    def summaries(self, ids: list[int]) -> list[DocumentSummary]:
        """Rows for the list, in the order of ``ids`` (missing ids are left out)."""
        with self._session() as session:
            rows = session.execute(
                select(
                    DocumentRow.id,
                    func.substr(DocumentRow.text, 1, PREVIEW_CHARS),
                    DocumentRow.split,
                    DocumentRow.status,
                ).where(DocumentRow.id.in_(ids))
            ).all()
            labels = _labels_by_document(session, ids)
            counts = _annotation_counts(session, ids)
            questions = _question_progress(session, ids)
        by_id = {
            row[0]: DocumentSummary(
                row[0],
                row[1],
                row[2],
                row[3],
                tuple(labels.get(row[0], ())),
                counts.get(row[0], 0),
                *questions.get(row[0], (0, 0)),
            )
            for row in rows
        }
        return [by_id[i] for i in ids if i in by_id]

    def get(self, document_id: int) -> Document:
        """The document as the person working sees it (in a team project: their own work)."""
        return self.gold(document_id)

    def gold(self, document_id: int) -> Document:
        """The document's gold version: what training, export and "differs from gold" read."""
        with self._session() as session:
            row = session.get(DocumentRow, document_id, options=_full_load())
            if row is None:
                raise ValidationError(f"Document {document_id} does not exist.")
            return to_document(row, _label_names(session))

    def all(self, where: DocumentFilter | None = None, chunk: int = 500):  # type: ignore[no-untyped-def]
        """Every matching document, streamed in chunks (for export and training)."""
        ids = self.ids(where)
        for offset in range(0, len(ids), chunk):
            with self._session() as session:
                names = _label_names(session)
                rows = session.scalars(
                    select(DocumentRow)
                    .where(DocumentRow.id.in_(ids[offset : offset + chunk]))
                    .options(*_full_load())
                    .order_by(DocumentRow.id)
                )
                yield from (to_document(row, names) for row in rows)


def _full_load() -> list:  # type: ignore[type-arg]
    return [
        selectinload(DocumentRow.class_labels),
        selectinload(DocumentRow.entities),
        selectinload(DocumentRow.questions).selectinload(QuestionRow.answers),
    ]


def _filtered(query: Select, where: DocumentFilter, dialect: str) -> Select:  # type: ignore[type-arg]
    if where.status:
        query = query.where(DocumentRow.status == where.status)
    if where.split:
        query = query.where(DocumentRow.split == where.split)
    if where.label:
        query = query.where(DocumentRow.id.in_(_documents_with_label(where.label)))
    if where.search.strip():
        query = query.where(DocumentRow.id.in_(_search(where.search.strip(), dialect)))
    if where.disagrees:
        query = query.where(
            DocumentRow.id.in_(_predicted(where.run_id).where(PredictionRow.disagrees.is_(True)))
        )
    if where.max_confidence is not None:
        below = PredictionRow.confidence < where.max_confidence
        query = query.where(DocumentRow.id.in_(_predicted(where.run_id).where(below)))
    return query


def _ordered(query: Select, where: DocumentFilter) -> Select:  # type: ignore[type-arg]
    if where.order not in ("id", "uncertainty"):
        raise ValidationError(f"Unknown document order {where.order!r}.")
    if where.order == "id" or where.run_id is None:
        return query.order_by(DocumentRow.id)
    least = (
        select(
            PredictionRow.document_id.label("document_id"),
            func.min(PredictionRow.confidence).label("confidence"),
        )
        .where(PredictionRow.run_id == where.run_id)
        .group_by(PredictionRow.document_id)
        .subquery()
    )
    return query.outerjoin(least, least.c.document_id == DocumentRow.id).order_by(
        least.c.confidence.is_(None), least.c.confidence, DocumentRow.id
    )


def _predicted(run_id: int | None) -> Select:  # type: ignore[type-arg]
    """Documents with a prediction of ``run_id`` (narrowed further by the caller)."""
    return select(PredictionRow.document_id).where(PredictionRow.run_id == run_id)


def _documents_with_label(name: str) -> CompoundSelect:  # type: ignore[type-arg]
    label_id = select(LabelRow.id).where(LabelRow.name == name).scalar_subquery()
    return (
        select(ClassLabelRow.document_id)
        .where(ClassLabelRow.label_id == label_id)
        .union(select(EntityRow.document_id).where(EntityRow.label_id == label_id))
    )


def _search(query: str, dialect: str) -> Select:  # type: ignore[type-arg]
    """Documents whose text holds ``query``, ignoring case (FTS5 on SQLite; ILIKE elsewhere)."""
    if dialect != "sqlite":
        return select(DocumentRow.id).where(DocumentRow.text.icontains(query, autoescape=True))
    if len(query) < TRIGRAM_MIN:
        return select(DocumentRow.id).where(DocumentRow.text.contains(query, autoescape=True))
    phrase = '"' + query.replace('"', '""') + '"'
    return (
        select(text("rowid"))
        .select_from(text("documents_fts"))
        .where(text("documents_fts MATCH :phrase").bindparams(phrase=phrase))
    )


def _label_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(LabelRow.id, LabelRow.name)).all())


def _labels_by_document(session: Session, ids: list[int]) -> dict[int, list[str]]:
    names = _label_names(session)
    result: dict[int, list[str]] = {}
    for table in (ClassLabelRow, EntityRow):
        pairs = session.execute(
            select(table.document_id, table.label_id).where(table.document_id.in_(ids)).distinct()
        )
        for document_id, label_id in pairs:
            result.setdefault(document_id, []).append(names[label_id])
    return result


def _question_progress(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    """QA documents: (answered or marked no-answer, all) questions."""
    has_answer = exists().where(AnswerRow.question_id == QuestionRow.id)
    answered = func.sum(case((or_(QuestionRow.no_answer, has_answer), 1), else_=0))
    rows = session.execute(
        select(QuestionRow.document_id, answered, func.count())
        .where(QuestionRow.document_id.in_(ids))
        .group_by(QuestionRow.document_id)
    )
    return {document_id: (int(done or 0), total) for document_id, done, total in rows}


def _annotation_counts(session: Session, ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for table in (ClassLabelRow, EntityRow, QuestionRow):
        rows = session.execute(
            select(table.document_id, func.count())
            .where(table.document_id.in_(ids))
            .group_by(table.document_id)
        )
        for document_id, count in rows:
            counts[document_id] = counts.get(document_id, 0) + count
    return counts


def to_document(row: DocumentRow, names: dict[int, str]) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        split=row.split,
        status=row.status,
        external_id=row.external_id,
        class_labels=tuple(ClassLabel(c.id, names[c.label_id], c.source) for c in row.class_labels),
        entities=tuple(
            Entity(e.id, e.start, e.end, names[e.label_id], e.source)
            for e in sorted(row.entities, key=lambda e: (e.start, e.end))
        ),
        questions=tuple(
            QuestionView(
                q.id,
                q.text,
                q.no_answer,
                q.position,
                tuple(AnswerView(a.id, a.start, a.end, a.source) for a in q.answers),
                q.external_id,
            )
            for q in row.questions
        ),
    )
