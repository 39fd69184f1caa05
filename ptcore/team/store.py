"""One annotator's actions in a team project, with the calls the GUI editors make on the
single-person ``AnnotationStore``: the annotator's own rows change, never another's.

Every action checks the version of the annotator's document that this store last read or
wrote (``seen``): if another window or machine of the same annotator wrote to it since, it
raises ``ConflictError`` and stores nothing. After each action the document's gold is
recomputed by the project's gold rule (unless it was reviewed). Questions are shared: adding,
editing and deleting them works on the gold questions as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy.orm import Session, sessionmaker

from ptcore.db.models import DocumentRow, LabelRow, QuestionRow, utcnow
from ptcore.db.team_models import (
    AnnotatorAnswerRow,
    AnnotatorDocumentRow,
    AnnotatorEntityRow,
    AnnotatorLabelRow,
    AnnotatorNoAnswerRow,
)
from ptcore.errors import ConflictError, ValidationError
from ptcore.records import Source, Status
from ptcore.store import validation
from ptcore.store.annotations import AnnotationStore, _label_ids
from ptcore.task_shapes import shape_of
from ptcore.team.changes import annotator_layer, last_change_by, record_change
from ptcore.team.gold import apply_gold_rule
from ptcore.team.holding import CLAIMED, ensure_holder
from ptcore.team.settings import TeamSettings

Where = tuple[ColumnElement[bool], ...]


class TeamAnnotationStore(AnnotationStore):
    def __init__(
        self, session_factory: sessionmaker[Session], task: str, annotator: str, team: TeamSettings
    ) -> None:
        if not annotator.strip():
            raise ValidationError("A team project needs an annotator name (--annotator NAME).")
        super().__init__(session_factory, task, annotator=annotator)
        self.team = team
        self.shape = shape_of(task)
        self.seen: dict[int, int] = {}  # document id -> version of the annotator's work read
        self._pending = threading.local()

    def saw(self, document_id: int, version: int) -> None:
        """The annotator read ``version`` of their document (the document store calls this)."""
        self.seen[document_id] = version

    @contextmanager
    def together(self) -> Iterator[None]:
        """As ``AnnotationStore.together``; versions written count as seen once committed."""
        if getattr(self._pending, "versions", None) is not None:
            yield
            return
        versions: dict[int, int] = {}
        self._pending.versions = versions
        try:
            with super().together():
                yield
        finally:
            self._pending.versions = None
        self.seen.update(versions)

    @contextmanager
    def _writing(self, document_id: int) -> Iterator[tuple[Session, AnnotatorDocumentRow]]:
        """A write to the annotator's document: checked against the version seen, then its
        status refreshed, its version counted, the change logged and the gold rule applied."""
        with self.together(), self._unit() as session:
            state = self._state(session, document_id)
            yield session, state
            session.flush()
            if state.status == CLAIMED:
                state.status = Status.UNLABELED
            state.version += 1
            state.updated_at = utcnow()
            self._pending.versions[document_id] = state.version
            record_change(session, document_id, annotator_layer(self.annotator), self.annotator)
            apply_gold_rule(session, self.shape, self.team, document_id, self.annotator)

    def _state(self, session: Session, document_id: int) -> AnnotatorDocumentRow:
        """The annotator's row for the document, locked, checked against the version seen."""
        # The document row first, before anything that references it: two writers to one
        # document queue here instead of deadlocking on PostgreSQL (its foreign-key locks).
        if session.get(DocumentRow, document_id, with_for_update=True) is None:
            raise ValidationError(f"Document {document_id} does not exist.")
        ensure_holder(session, document_id, self.annotator)
        key = (document_id, self.annotator)
        state = session.get_one(AnnotatorDocumentRow, key, with_for_update=True)
        expected = self._pending.versions.get(document_id, self.seen.get(document_id))
        if expected is not None and state.version != expected:
            by = last_change_by(session, document_id, annotator_layer(self.annotator))
            raise ConflictError(
                document_id,
                by,
                f"Document {document_id} was changed by {by} in another window or on another "
                f"machine since you opened it (version {state.version}, you had {expected}). "
                "Nothing was stored; reload the document and redo the change.",
            )
        return state

    # Classification -------------------------------------------------------------
    def set_class_labels(
        self, document_id: int, labels: list[str], source: Source = Source.HUMAN
    ) -> None:
        validation.check_single_label(self.task, labels)
        with self._writing(document_id) as (session, _state):
            ids = _label_ids(session, labels)
            session.execute(
                delete(AnnotatorLabelRow).where(*self._mine(AnnotatorLabelRow, document_id))
            )
            for label_id in ids:
                session.add(self._label(document_id, label_id, source))
            _state.status = Status.LABELED if ids else Status.UNLABELED

    def toggle_class_label(
        self, document_id: int, label: str, source: Source = Source.HUMAN
    ) -> bool:
        with self._writing(document_id) as (session, _state):
            (label_id,) = _label_ids(session, [label])
            mine = self._mine(AnnotatorLabelRow, document_id)
            existing = session.scalar(
                select(AnnotatorLabelRow).where(*mine, AnnotatorLabelRow.label_id == label_id)
            )
            if existing is not None:
                session.delete(existing)
            else:
                if self.shape.single_label:
                    session.execute(delete(AnnotatorLabelRow).where(*mine))
                session.add(self._label(document_id, label_id, source))
            session.flush()
            self._refresh(session, _state)
        return existing is None

    # NER --------------------------------------------------------------------------
    def add_entity(
        self, document_id: int, start: int, end: int, label: str, source: Source = Source.HUMAN
    ) -> int:
        with self._writing(document_id) as (session, state):
            text = session.get_one(DocumentRow, document_id).text
            validation.check_span(text, start, end, "entity")
            (label_id,) = _label_ids(session, [label])
            validation.check_no_overlap(text, start, end, self._spans(session, document_id))
            row = AnnotatorEntityRow(
                document_id=document_id,
                annotator=self.annotator,
                start=start,
                end=end,
                label_id=label_id,
                source=source,
            )
            session.add(row)
            state.status = Status.LABELED
            session.flush()
            return row.id

    def remove_entity(self, entity_id: int) -> None:
        document_id = self._owner(AnnotatorEntityRow, entity_id, "entity")
        with self._writing(document_id) as (session, _state):
            session.delete(session.get_one(AnnotatorEntityRow, entity_id))

    def relabel_entity(self, entity_id: int, label: str) -> None:
        document_id = self._owner(AnnotatorEntityRow, entity_id, "entity")
        with self._writing(document_id) as (session, _state):
            (label_id,) = _label_ids(session, [label])
            session.get_one(AnnotatorEntityRow, entity_id).label_id = label_id

    # QA ---------------------------------------------------------------------------
    def add_answer(
        self, question_id: int, start: int, end: int, source: Source = Source.HUMAN
    ) -> int:
        document_id = self._question_document(question_id)
        with self._writing(document_id) as (session, _state):
            text = session.get_one(DocumentRow, document_id).text
            validation.check_span(text, start, end, "answer")
            row = AnnotatorAnswerRow(
                question_id=question_id,
                annotator=self.annotator,
                start=start,
                end=end,
                source=source,
            )
            session.add(row)
            session.execute(
                delete(AnnotatorNoAnswerRow).where(*self._mine_q(AnnotatorNoAnswerRow, question_id))
            )
            session.flush()
            self._refresh(session, _state)
            return row.id

    def remove_answer(self, answer_id: int) -> None:
        with self._reading() as session:
            answer = session.get(AnnotatorAnswerRow, answer_id)
            if answer is None or answer.annotator != self.annotator:
                raise ValidationError(f"The answer {answer_id} is not one of {self.annotator}'s.")
            question_id = answer.question_id
        with self._writing(self._question_document(question_id)) as (session, _state):
            session.delete(session.get_one(AnnotatorAnswerRow, answer_id))
            session.flush()
            self._refresh(session, _state)

    def set_no_answer(self, question_id: int, no_answer: bool) -> None:
        """Mark a question unanswerable (for this annotator); this drops their answers."""
        with self._writing(self._question_document(question_id)) as (session, _state):
            session.execute(
                delete(AnnotatorNoAnswerRow).where(*self._mine_q(AnnotatorNoAnswerRow, question_id))
            )
            if no_answer:
                session.execute(
                    delete(AnnotatorAnswerRow).where(*self._mine_q(AnnotatorAnswerRow, question_id))
                )
                session.add(AnnotatorNoAnswerRow(question_id=question_id, annotator=self.annotator))
            session.flush()
            self._refresh(session, _state)

    # Document state -----------------------------------------------------------------
    def set_status(self, document_id: int, status: Status) -> None:
        """Skip a document, or confirm it as done (an NER text with no entities)."""
        with self._writing(document_id) as (_session, state):
            state.status = Status(status)

    # Helpers ---------------------------------------------------------------------------
    def _refresh(self, session: Session, state: AnnotatorDocumentRow) -> None:
        """As the gold layer: done when every question is resolved, or when the annotator has
        class labels; back to not done when the last one goes."""
        document_id = state.document_id
        questions = session.scalars(
            select(QuestionRow.id).where(QuestionRow.document_id == document_id)
        ).all()
        if questions:
            resolved = all(self._resolved(session, question) for question in questions)
            state.status = Status.LABELED if resolved else Status.UNLABELED
        elif session.scalar(select(exists().where(*self._mine(AnnotatorLabelRow, document_id)))):
            state.status = Status.LABELED
        elif state.status == Status.LABELED:
            state.status = Status.UNLABELED

    def _resolved(self, session: Session, question_id: int) -> bool:
        answered = exists().where(*self._mine_q(AnnotatorAnswerRow, question_id))
        marked = exists().where(*self._mine_q(AnnotatorNoAnswerRow, question_id))
        return bool(session.scalar(select(answered | marked)))

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """The enclosing ``together`` block's session, or a plain read (no write lock)."""
        shared = getattr(self._batch, "session", None)
        if shared is not None:
            yield shared
            return
        with self._session() as session:
            yield session

    def _label(self, document_id: int, label_id: int, source: Source) -> AnnotatorLabelRow:
        return AnnotatorLabelRow(
            document_id=document_id, annotator=self.annotator, label_id=label_id, source=source
        )

    def _mine(
        self, table: type[AnnotatorLabelRow] | type[AnnotatorEntityRow], document_id: int
    ) -> Where:
        return (table.document_id == document_id, table.annotator == self.annotator)

    def _mine_q(
        self, table: type[AnnotatorAnswerRow] | type[AnnotatorNoAnswerRow], question_id: int
    ) -> Where:
        return (table.question_id == question_id, table.annotator == self.annotator)

    def _spans(self, session: Session, document_id: int) -> list[tuple[int, int, str]]:
        rows = session.execute(
            select(AnnotatorEntityRow.start, AnnotatorEntityRow.end, LabelRow.name)
            .join(LabelRow)
            .where(*self._mine(AnnotatorEntityRow, document_id))
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def _owner(self, table: type[AnnotatorEntityRow], row_id: int, what: str) -> int:
        with self._reading() as session:
            row = session.get(table, row_id)
            if row is None or row.annotator != self.annotator:
                raise ValidationError(f"The {what} {row_id} is not one of {self.annotator}'s.")
            return row.document_id

    def _question_document(self, question_id: int) -> int:
        with self._reading() as session:
            question = session.get(QuestionRow, question_id)
            if question is None:
                raise ValidationError(f"Question {question_id} does not exist.")
            return question.document_id
