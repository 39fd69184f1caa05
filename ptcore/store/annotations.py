"""Every user action on annotations, each one short committed transaction.

Validation lives here, not in the GUI: spans inside the text, no overlapping entities,
labels that exist, answers inside their context. A document's status follows its
annotations: labelled once it has some, back to unlabelled when the last one goes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from ptcore.db.models import (
    AnswerRow,
    ClassLabelRow,
    DocumentRow,
    EntityRow,
    LabelRow,
    QuestionRow,
)
from ptcore.errors import ValidationError
from ptcore.records import Source, Split, Status
from ptcore.store import validation
from ptcore.task_shapes import shape_of


class AnnotationStore:
    def __init__(
        self, session_factory: sessionmaker[Session], task: str, annotator: str = ""
    ) -> None:
        self._session = session_factory
        self.task = task
        self.annotator = annotator
        self._batch = threading.local()

    @contextmanager
    def together(self) -> Iterator[None]:
        """Every action inside the block is one transaction: all are stored, or none (a kill
        or a refusal half-way leaves nothing). Per thread; an inner block joins the outer."""
        if getattr(self._batch, "session", None) is not None:
            yield
            return
        with self._session() as session, session.begin():
            self._batch.session = session
            try:
                yield
            finally:
                self._batch.session = None

    @contextmanager
    def _unit(self) -> Iterator[Session]:
        """The session of the enclosing ``together`` block, or a short transaction of its own."""
        shared = getattr(self._batch, "session", None)
        if shared is not None:
            yield shared
            return
        with self._session() as session, session.begin():
            yield session

    # Classification -------------------------------------------------------------
    def set_class_labels(
        self, document_id: int, labels: list[str], source: Source = Source.HUMAN
    ) -> None:
        """Replace the document's class labels (one for single-label projects)."""
        validation.check_single_label(self.task, labels)
        with self._unit() as session:
            ids = _label_ids(session, labels)
            session.execute(delete(ClassLabelRow).where(ClassLabelRow.document_id == document_id))
            for label_id in ids:
                session.add(
                    ClassLabelRow(
                        document_id=document_id,
                        label_id=label_id,
                        source=source,
                        annotator=self.annotator,
                    )
                )
            _set_status(session, document_id, Status.LABELED if ids else Status.UNLABELED)

    def toggle_class_label(
        self, document_id: int, label: str, source: Source = Source.HUMAN
    ) -> bool:
        """Add the label if absent, remove it if present; returns whether it is now set."""
        with self._unit() as session:
            (label_id,) = _label_ids(session, [label])
            existing = session.scalar(
                select(ClassLabelRow).where(
                    ClassLabelRow.document_id == document_id, ClassLabelRow.label_id == label_id
                )
            )
            if existing is not None:
                session.delete(existing)
                session.flush()
            else:
                if shape_of(self.task).single_label:
                    session.execute(
                        delete(ClassLabelRow).where(ClassLabelRow.document_id == document_id)
                    )
                session.add(
                    ClassLabelRow(
                        document_id=document_id,
                        label_id=label_id,
                        source=source,
                        annotator=self.annotator,
                    )
                )
            _refresh_status(session, document_id)
            return existing is None

    # NER --------------------------------------------------------------------------
    def add_entity(
        self, document_id: int, start: int, end: int, label: str, source: Source = Source.HUMAN
    ) -> int:
        with self._unit() as session:
            document = _document(session, document_id)
            validation.check_span(document.text, start, end, "entity")
            (label_id,) = _label_ids(session, [label])
            validation.check_no_overlap(document.text, start, end, _spans(session, document_id))
            row = EntityRow(
                document_id=document_id,
                start=start,
                end=end,
                label_id=label_id,
                source=source,
                annotator=self.annotator,
            )
            session.add(row)
            document.status = Status.LABELED
            session.flush()
            return row.id

    def remove_entity(self, entity_id: int) -> None:
        with self._unit() as session:
            session.delete(session.get_one(EntityRow, entity_id))

    def relabel_entity(self, entity_id: int, label: str) -> None:
        with self._unit() as session:
            (label_id,) = _label_ids(session, [label])
            session.get_one(EntityRow, entity_id).label_id = label_id

    # QA ---------------------------------------------------------------------------
    def add_question(self, document_id: int, text: str, index: int | None = None) -> int:
        """Add a question at the end of the document's list, or at ``index`` in it (an undo
        puts a deleted question back where it was)."""
        text = _question_text(text)
        with self._unit() as session:
            questions = _questions(session, document_id)
            row = QuestionRow(document_id=document_id, text=text)
            questions.insert(len(questions) if index is None else index, row)
            session.add(row)
            _number(questions)
            session.flush()
            _refresh_status(session, document_id)
            return row.id

    def edit_question(self, question_id: int, text: str) -> None:
        with self._unit() as session:
            session.get_one(QuestionRow, question_id).text = _question_text(text)

    def delete_question(self, question_id: int) -> None:
        with self._unit() as session:
            question = session.get_one(QuestionRow, question_id)
            document_id = question.document_id
            session.delete(question)
            session.flush()
            _number(_questions(session, document_id))
            session.flush()
            _refresh_status(session, document_id)

    def add_answer(
        self, question_id: int, start: int, end: int, source: Source = Source.HUMAN
    ) -> int:
        with self._unit() as session:
            question = session.get_one(QuestionRow, question_id)
            validation.check_span(question.document.text, start, end, "answer")
            row = AnswerRow(
                question_id=question_id,
                start=start,
                end=end,
                source=source,
                annotator=self.annotator,
            )
            session.add(row)
            question.no_answer = False
            session.flush()
            _refresh_status(session, question.document_id)
            return row.id

    def remove_answer(self, answer_id: int) -> None:
        with self._unit() as session:
            answer = session.get_one(AnswerRow, answer_id)
            document_id = answer.question.document_id
            session.delete(answer)
            session.flush()
            _refresh_status(session, document_id)

    def set_no_answer(self, question_id: int, no_answer: bool) -> None:
        """Mark a question unanswerable (SQuAD 2.0 style); this drops its answers."""
        with self._unit() as session:
            question = session.get_one(QuestionRow, question_id)
            if no_answer:
                session.execute(delete(AnswerRow).where(AnswerRow.question_id == question_id))
            question.no_answer = no_answer
            session.flush()
            _refresh_status(session, question.document_id)

    # Document state -----------------------------------------------------------------
    def set_status(self, document_id: int, status: Status) -> None:
        """Skip a document, or confirm it as labelled (an NER text with no entities)."""
        with self._unit() as session:
            _document(session, document_id).status = status

    def set_split(self, document_id: int, split: Split) -> None:
        with self._unit() as session:
            document = _document(session, document_id)
            document.split = split
            document.split_is_manual = True


def _document(session: Session, document_id: int) -> DocumentRow:
    document = session.get(DocumentRow, document_id)
    if document is None:
        raise ValidationError(f"Document {document_id} does not exist.")
    return document


def _label_ids(session: Session, labels: list[str]) -> list[int]:
    found = dict(
        session.execute(select(LabelRow.name, LabelRow.id).where(LabelRow.name.in_(labels))).all()
    )
    validation.check_labels_known(labels, set(found))
    return [found[name] for name in dict.fromkeys(labels)]


def _spans(session: Session, document_id: int) -> list[tuple[int, int, str]]:
    rows = session.execute(
        select(EntityRow.start, EntityRow.end, LabelRow.name)
        .join(LabelRow)
        .where(EntityRow.document_id == document_id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _questions(session: Session, document_id: int) -> list[QuestionRow]:
    """The document's questions in their order (ties, from older files, by id)."""
    _document(session, document_id)
    return list(
        session.scalars(
            select(QuestionRow)
            .where(QuestionRow.document_id == document_id)
            .order_by(QuestionRow.position, QuestionRow.id)
        )
    )


def _number(questions: list[QuestionRow]) -> None:
    """Positions 0, 1, 2, … in list order, so that an index names one place."""
    for position, question in enumerate(questions):
        question.position = position


def _question_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("A question needs some text.")
    return text


def _set_status(session: Session, document_id: int, status: Status) -> None:
    _document(session, document_id).status = status


def _refresh_status(session: Session, document_id: int) -> None:
    """Labelled when it has class labels, or when every question is resolved."""
    document = _document(session, document_id)
    session.refresh(document, ["class_labels", "questions"])
    if document.questions:
        resolved = all(q.no_answer or q.answers for q in document.questions)
        document.status = Status.LABELED if resolved else Status.UNLABELED
    elif document.class_labels:
        document.status = Status.LABELED
    elif document.status == Status.LABELED:
        document.status = Status.UNLABELED
