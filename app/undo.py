"""Undoable annotation actions: each command re-applies its change through the store.

The editors run a command's first ``redo`` themselves (``execute``) so a refused action
(an overlap, an answer outside the context) never reaches the stack; ``push`` then records it.
Stored rows get new ids when an undo re-creates them, so commands refer to rows through
``Ref`` handles that ``Annotations`` keeps pointing at the live id. The stack is shared and
keeps its history across documents: every command reports the document it changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from ptcore.errors import UserError
from ptcore.records import Source, Status, Task
from ptcore.store.project import Project

ENTITY, QUESTION, ANSWER = "entity", "question", "answer"
QUOTE_CHARS = 30


@dataclass
class Ref:
    """A stored row whose id may change when an undo re-creates it."""

    kind: str
    id: int


class Annotations(QObject):
    """Runs commands against one project and announces which document they changed."""

    changed = Signal(int)
    failed = Signal(str)

    def __init__(self, project: Project, stack: QUndoStack) -> None:
        super().__init__()
        self.project = project
        self.stack = stack
        self._refs: dict[tuple[str, int], Ref] = {}

    def ref(self, kind: str, row_id: int) -> Ref:
        return self._refs.setdefault((kind, row_id), Ref(kind, row_id))

    def created(self, ref: Ref | None, kind: str, row_id: int) -> Ref:
        """Point ``ref`` (or a new handle) at a freshly stored row."""
        ref = ref or Ref(kind, row_id)
        ref.id = row_id
        self._refs[(kind, row_id)] = ref
        return ref

    def deleted(self, ref: Ref) -> None:
        self._refs.pop((ref.kind, ref.id), None)

    def run(self, command: AnnotationCommand) -> bool:
        """Apply ``command`` now; on success record it for undo. Refusals are announced."""
        try:
            command.apply()
        except UserError as error:
            self.failed.emit(str(error))
            return False
        command.done = True
        self.stack.push(command)
        self.changed.emit(command.document_id)
        return True


def quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


class AnnotationCommand(QUndoCommand):
    """Base: ``apply``/``revert`` talk to the store; redo/undo add error handling and notice."""

    def __init__(self, annotations: Annotations, document_id: int, text: str) -> None:
        super().__init__(text)
        self.annotations = annotations
        self.store = annotations.project.annotations
        self.document_id = document_id
        self.done = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.done:  # the first redo already ran in Annotations.run
            self.done = False
            return
        self._safely(self.apply)

    def undo(self) -> None:
        self._safely(self.revert)

    def _safely(self, action) -> None:  # type: ignore[no-untyped-def]
        """Someone may have deleted the label or document since: say so, drop the step."""
        try:
            action()
        except (UserError, SQLAlchemyError) as error:
            self.setObsolete(True)
            self.annotations.failed.emit(f"Cannot {self.text().lower()}: {error}")
        self.annotations.changed.emit(self.document_id)

    def _status(self) -> Status:
        return Status(self.annotations.project.documents.get(self.document_id).status)


class SetClassLabels(AnnotationCommand):
    """Replace a document's class labels (set, toggle or clear)."""

    def __init__(
        self, annotations: Annotations, document_id: int, old: list[str], new: list[str], text: str
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.old, self.new = old, new
        self.old_status = self._status()

    def apply(self) -> None:
        self.store.set_class_labels(self.document_id, self.new)

    def revert(self) -> None:
        self.store.set_class_labels(self.document_id, self.old)
        self.store.set_status(self.document_id, self.old_status)


class SetStatus(AnnotationCommand):
    """Skip a document, or confirm it as labelled."""

    def __init__(self, annotations: Annotations, document_id: int, status: Status) -> None:
        verb = {Status.SKIPPED: "Skip document", Status.LABELED: "Confirm document"}
        super().__init__(annotations, document_id, verb.get(status, "Mark document unlabelled"))
        self.status = status
        self.old_status = self._status()

    def apply(self) -> None:
        self.store.set_status(self.document_id, self.status)

    def revert(self) -> None:
        self.store.set_status(self.document_id, self.old_status)


class AddEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        span: tuple[int, int],
        label: str,
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Add {label} '{quote(covered)}'")
        self.span, self.label = span, label
        self.entity: Ref | None = None
        self.old_status = self._status()

    def apply(self) -> None:
        row_id = self.store.add_entity(self.document_id, *self.span, self.label)
        self.entity = self.annotations.created(self.entity, ENTITY, row_id)

    def revert(self) -> None:
        assert self.entity is not None
        self.store.remove_entity(self.entity.id)
        self.annotations.deleted(self.entity)
        self.store.set_status(self.document_id, self.old_status)


class RemoveEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        entity: Ref,
        span: tuple[int, int],
        label: str,
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Delete {label} '{quote(covered)}'")
        self.entity, self.span, self.label = entity, span, label
        self.old_status = self._status()

    def apply(self) -> None:
        self.store.remove_entity(self.entity.id)
        self.annotations.deleted(self.entity)

    def revert(self) -> None:
        row_id = self.store.add_entity(self.document_id, *self.span, self.label)
        self.annotations.created(self.entity, ENTITY, row_id)
        self.store.set_status(self.document_id, self.old_status)


class RelabelEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        entity: Ref,
        old: str,
        new: str,
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Change '{quote(covered)}' from {old} to {new}")
        self.entity, self.old, self.new = entity, old, new

    def apply(self) -> None:
        self.store.relabel_entity(self.entity.id, self.new)

    def revert(self) -> None:
        self.store.relabel_entity(self.entity.id, self.old)


class AddQuestion(AnnotationCommand):
    def __init__(self, annotations: Annotations, document_id: int, text: str) -> None:
        super().__init__(annotations, document_id, f"Add question '{quote(text)}'")
        self.question_text = text
        self.question: Ref | None = None

    def apply(self) -> None:
        row_id = self.store.add_question(self.document_id, self.question_text)
        self.question = self.annotations.created(self.question, QUESTION, row_id)

    def revert(self) -> None:
        assert self.question is not None
        self.store.delete_question(self.question.id)
        self.annotations.deleted(self.question)


class EditQuestion(AnnotationCommand):
    def __init__(
        self, annotations: Annotations, document_id: int, question: Ref, old: str, new: str
    ) -> None:
        super().__init__(annotations, document_id, f"Edit question '{quote(new)}'")
        self.question, self.old, self.new = question, old, new

    def apply(self) -> None:
        self.store.edit_question(self.question.id, self.new)

    def revert(self) -> None:
        self.store.edit_question(self.question.id, self.old)


class _RestoresAnswers(AnnotationCommand):
    """Remembers a question's answers so that an undo can store them again."""

    def remember(self, answers: list[tuple[Ref, int, int]]) -> None:
        self.answers = answers

    def restore_answers(self, question: Ref) -> None:
        for ref, start, end in self.answers:
            self.annotations.created(ref, ANSWER, self.store.add_answer(question.id, start, end))


class DeleteQuestion(_RestoresAnswers):
    """Delete a question with its answers; undo stores it again (at the end of the list)."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        text: str,
        no_answer: bool,
        answers: list[tuple[Ref, int, int]],
    ) -> None:
        super().__init__(annotations, document_id, "Delete question")
        self.question, self.question_text, self.no_answer = question, text, no_answer
        self.remember(answers)

    def apply(self) -> None:
        self.store.delete_question(self.question.id)
        self.annotations.deleted(self.question)
        for ref, _start, _end in self.answers:
            self.annotations.deleted(ref)

    def revert(self) -> None:
        row_id = self.store.add_question(self.document_id, self.question_text)
        self.annotations.created(self.question, QUESTION, row_id)
        self.restore_answers(self.question)
        if self.no_answer:
            self.store.set_no_answer(self.question.id, True)


class AddAnswer(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        span: tuple[int, int],
        covered: str,
        was_no_answer: bool,
    ) -> None:
        super().__init__(annotations, document_id, f"Add answer '{quote(covered)}'")
        self.question, self.span, self.was_no_answer = question, span, was_no_answer
        self.answer: Ref | None = None

    def apply(self) -> None:
        row_id = self.store.add_answer(self.question.id, *self.span)
        self.answer = self.annotations.created(self.answer, ANSWER, row_id)

    def revert(self) -> None:
        assert self.answer is not None
        self.store.remove_answer(self.answer.id)
        self.annotations.deleted(self.answer)
        if self.was_no_answer:
            self.store.set_no_answer(self.question.id, True)


class RemoveAnswer(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        answer: Ref,
        span: tuple[int, int],
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Remove answer '{quote(covered)}'")
        self.question, self.answer, self.span = question, answer, span

    def apply(self) -> None:
        self.store.remove_answer(self.answer.id)
        self.annotations.deleted(self.answer)

    def revert(self) -> None:
        row_id = self.store.add_answer(self.question.id, *self.span)
        self.annotations.created(self.answer, ANSWER, row_id)


class SetNoAnswer(_RestoresAnswers):
    """Mark a question unanswerable (dropping its answers), or answerable again."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        question: Ref,
        no_answer: bool,
        answers: list[tuple[Ref, int, int]],
    ) -> None:
        text = "Mark no answer" if no_answer else "Mark answerable"
        super().__init__(annotations, document_id, text)
        self.question, self.no_answer = question, no_answer
        self.remember(answers)

    def apply(self) -> None:
        self.store.set_no_answer(self.question.id, self.no_answer)
        if self.no_answer:
            for ref, _start, _end in self.answers:
                self.annotations.deleted(ref)

    def revert(self) -> None:
        self.store.set_no_answer(self.question.id, not self.no_answer)
        if self.no_answer:
            self.restore_answers(self.question)


# Accepting the model's suggestions: stored with source "model"; undo removes them. ----------
class AcceptEntities(AnnotationCommand):
    """Store suggested entities; all or none (one refused span undoes the others)."""

    def __init__(
        self, annotations: Annotations, document_id: int, spans: list[tuple[int, int, str]],
        text: str,
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.spans = spans
        self.entities: list[Ref] = []
        self.old_status = self._status()

    def apply(self) -> None:
        refs, self.entities = self.entities, []
        try:
            for index, (start, end, label) in enumerate(self.spans):
                row_id = self.store.add_entity(self.document_id, start, end, label, Source.MODEL)
                ref = refs[index] if index < len(refs) else None
                self.entities.append(self.annotations.created(ref, ENTITY, row_id))
        except UserError:
            self.revert()
            raise

    def revert(self) -> None:
        for ref in self.entities:
            self.store.remove_entity(ref.id)
            self.annotations.deleted(ref)
        self.store.set_status(self.document_id, self.old_status)


@dataclass
class SuggestedAnswer:
    """A question's suggested answer span, or ``span=None``: it has no answer."""

    question: Ref
    span: tuple[int, int] | None
    was_no_answer: bool = False
    answer: Ref | None = None


class AcceptAnswers(AnnotationCommand):
    def __init__(
        self, annotations: Annotations, document_id: int, answers: list[SuggestedAnswer], text: str
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.answers = answers

    def apply(self) -> None:
        done: list[SuggestedAnswer] = []
        try:
            for item in self.answers:
                self._accept(item)
                done.append(item)
        except UserError:
            self._revert(done)
            raise

    def _accept(self, item: SuggestedAnswer) -> None:
        if item.span is None:
            self.store.set_no_answer(item.question.id, True)
            return
        row_id = self.store.add_answer(item.question.id, *item.span, source=Source.MODEL)
        item.answer = self.annotations.created(item.answer, ANSWER, row_id)

    def revert(self) -> None:
        self._revert(self.answers)

    def _revert(self, items: list[SuggestedAnswer]) -> None:
        for item in reversed(items):
            if item.span is None:
                self.store.set_no_answer(item.question.id, False)
                continue
            assert item.answer is not None
            self.store.remove_answer(item.answer.id)
            self.annotations.deleted(item.answer)
            if item.was_no_answer:
                self.store.set_no_answer(item.question.id, True)


class AcceptClassLabels(AnnotationCommand):
    """Single-label: the suggestion replaces the label. Multi-label: suggested labels are added
    to the person's (whose own labels keep their source)."""

    def __init__(
        self, annotations: Annotations, document_id: int, old: list[tuple[str, str]],
        suggested: list[str], text: str,
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.old = old  # (name, source) of the labels before
        self.multilabel = self.store.task == Task.MULTILABEL
        names = [name for name, _source in old]
        self.added = [n for n in suggested if n not in names] if self.multilabel else suggested
        self.old_status = self._status()

    def apply(self) -> None:
        if not self.multilabel:
            self.store.set_class_labels(self.document_id, self.added, Source.MODEL)
            return
        for name in self.added:
            self.store.toggle_class_label(self.document_id, name, Source.MODEL)

    def revert(self) -> None:
        if self.multilabel:
            for name in self.added:
                self.store.toggle_class_label(self.document_id, name, Source.MODEL)
        else:
            source = self.old[0][1] if self.old else Source.HUMAN
            self.store.set_class_labels(self.document_id, [n for n, _ in self.old], Source(source))
        self.store.set_status(self.document_id, self.old_status)
