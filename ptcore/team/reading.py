"""One annotator's view of documents, built from the team tables as the same ``Document``
snapshot ``DocumentStore`` returns for the gold layer.

Questions are shared (the gold ``questions``); their answers and no-answer marks are the
annotator's own. An annotator's status ``claimed`` (handed out, not yet touched) reads as
``unlabeled``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ptcore.db.models import DocumentRow, LabelRow, QuestionRow
from ptcore.db.team_models import (
    AnnotatorAnswerRow,
    AnnotatorDocumentRow,
    AnnotatorEntityRow,
    AnnotatorLabelRow,
    AnnotatorNoAnswerRow,
)
from ptcore.records import Status
from ptcore.store.views import AnswerView, ClassLabel, Document, Entity, QuestionView

Key = tuple[int, str]  # (document id, annotator)


class Work:
    """Every annotator row of some documents, grouped by (document, annotator)."""

    def __init__(self, session: Session, document_ids: Iterable[int]) -> None:
        ids = list(document_ids)
        self.names = dict(session.execute(select(LabelRow.id, LabelRow.name)).all())
        self.labels: dict[Key, list[AnnotatorLabelRow]] = defaultdict(list)
        self.entities: dict[Key, list[AnnotatorEntityRow]] = defaultdict(list)
        self.answers: dict[tuple[int, str], list[AnnotatorAnswerRow]] = defaultdict(list)
        self.no_answers: set[tuple[int, str]] = set()
        for label in session.scalars(
            select(AnnotatorLabelRow)
            .where(AnnotatorLabelRow.document_id.in_(ids))
            .order_by(AnnotatorLabelRow.id)
        ):
            self.labels[label.document_id, label.annotator].append(label)
        for entity in session.scalars(
            select(AnnotatorEntityRow).where(AnnotatorEntityRow.document_id.in_(ids))
        ):
            self.entities[entity.document_id, entity.annotator].append(entity)
        questions = select(QuestionRow.id).where(QuestionRow.document_id.in_(ids))
        for answer in session.scalars(
            select(AnnotatorAnswerRow)
            .where(AnnotatorAnswerRow.question_id.in_(questions))
            .order_by(AnnotatorAnswerRow.id)
        ):
            self.answers[answer.question_id, answer.annotator].append(answer)
        self.no_answers = set(
            session.execute(
                select(AnnotatorNoAnswerRow.question_id, AnnotatorNoAnswerRow.annotator).where(
                    AnnotatorNoAnswerRow.question_id.in_(questions)
                )
            ).all()  # type: ignore[arg-type]
        )

    def view(self, document: DocumentRow, annotator: str, status: str) -> Document:
        """``annotator``'s version of ``document`` (loaded with its questions)."""
        key = (document.id, annotator)
        return Document(
            id=document.id,
            text=document.text,
            split=document.split,
            status=Status.UNLABELED if status == "claimed" else status,
            external_id=document.external_id,
            class_labels=tuple(
                ClassLabel(row.id, self.names[row.label_id], row.source) for row in self.labels[key]
            ),
            entities=tuple(
                Entity(row.id, row.start, row.end, self.names[row.label_id], row.source)
                for row in sorted(self.entities[key], key=lambda e: (e.start, e.end))
            ),
            questions=tuple(self._question(q, annotator) for q in document.questions),
        )

    def _question(self, question: QuestionRow, annotator: str) -> QuestionView:
        answers = self.answers[question.id, annotator]
        return QuestionView(
            question.id,
            question.text,
            (question.id, annotator) in self.no_answers,
            question.position,
            tuple(AnswerView(a.id, a.start, a.end, a.source) for a in answers),
            question.external_id,
        )


def statuses(session: Session, document_ids: Iterable[int]) -> dict[Key, str]:
    """Each (document, annotator) pair's status for the given documents."""
    rows = session.execute(
        select(
            AnnotatorDocumentRow.document_id,
            AnnotatorDocumentRow.annotator,
            AnnotatorDocumentRow.status,
        ).where(AnnotatorDocumentRow.document_id.in_(list(document_ids)))
    )
    return {(document_id, annotator): status for document_id, annotator, status in rows}
