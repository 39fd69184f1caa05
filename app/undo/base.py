"""Undo plumbing: ``Annotations`` runs commands; ``AnnotationCommand`` is their base.

Stored rows get new ids when an undo re-creates them, so commands refer to rows through
``Ref`` handles that ``Annotations`` keeps pointing at the live id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ptcore.db import errors as db_errors
from ptcore.errors import ConflictError, UserError, ValidationError
from ptcore.records import Status
from ptcore.store.annotations import AnnotationStore
from ptcore.store.project import Project

ENTITY, QUESTION, ANSWER = "entity", "question", "answer"
ATTEMPTS = 3  # each waits up to the busy timeout for another writer


@dataclass
class Ref:
    """A stored row whose id may change when an undo re-creates it."""

    kind: str
    id: int


class Annotations(QObject):
    """Runs commands against one project and announces which document they changed."""

    changed = Signal(int)
    failed = Signal(str)
    replayed = Signal(int, str)  # document id, "Undid …"/"Redid …": from Undo/Redo, not a run
    revisited = Signal(object)  # the command Undo/Redo just replayed, after ``replayed``
    conflicted = Signal(object)  # a ConflictError: someone changed the document; before ``failed``

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
        """Apply ``command`` now; on success record it for undo. Refusals are announced, and
        so is a database that stays busy or fails (nothing was stored; the person is told)."""
        try:
            apply_retrying(self.project.annotations, command.apply)
        except UserError as error:
            if isinstance(error, ConflictError):
                self.conflicted.emit(error)
            self.failed.emit(str(error))
            return False
        except OperationalError as error:
            self.failed.emit(
                f"Could not {command.text().lower()}: {db_errors.describe(error)}. "
                "Nothing was changed; please try again."
            )
            return False
        command.done = True
        self.stack.push(command)
        self.changed.emit(command.document_id)
        return True


def apply_retrying(store: AnnotationStore, action: Callable[[], None]) -> None:
    """Run a command's store actions as one transaction, again if the database stayed locked
    past its busy timeout (a failed transaction stored nothing, so retrying is safe)."""
    for attempt in range(ATTEMPTS):
        try:
            with store.together():
                action()
            return
        except OperationalError as error:
            if attempt == ATTEMPTS - 1 or db_errors.describe(error) != db_errors.BUSY:
                raise


class AnnotationCommand(QUndoCommand):
    """Base: ``apply``/``revert`` make the change through the store's calls (ptcore/store,
    as scripts do), each as one transaction; redo/undo add error handling and notice."""

    # Every command defines both: ``apply`` makes the change in the store, ``revert`` takes it
    # back out. They cannot be @abstractmethods (Shiboken's metaclass skips ABCMeta's
    # instantiation check, tried with a combined metaclass), so ``__init__`` does that check.
    apply: Callable[[], None]
    revert: Callable[[], None]

    def __init__(self, annotations: Annotations, document_id: int, text: str) -> None:
        missing = [name for name in ("apply", "revert") if not hasattr(type(self), name)]
        if missing:
            raise TypeError(f"{type(self).__name__} does not define {' and '.join(missing)}")
        super().__init__(text)
        self.annotations = annotations
        self.store = annotations.project.annotations
        self.document_id = document_id
        self.done = False
        self.undone = False

    def redo(self) -> None:
        if self.done:  # the first redo already ran in Annotations.run (or an undo failed)
            self.done = False
            return
        done = self._safely(self.apply, self._stay_undone)
        self.annotations.replayed.emit(self.document_id, f"Redid: {self.text()}")
        if done:
            self.annotations.revisited.emit(self)

    def undo(self) -> None:
        if self.undone:  # a redo failed: the stack steps back without touching the store
            self.undone = False
            return
        done = self._safely(self.revert, self._stay_done)
        self.annotations.replayed.emit(self.document_id, f"Undid: {self.text()}")
        if done:
            self.annotations.revisited.emit(self)

    def changed_spans(self) -> list[tuple[int, int]]:
        """The text spans this command changes: the editor points at them after Undo/Redo."""
        return []

    def changed_labels(self) -> list[str]:
        """The class labels this command sets or clears: the editor points at them."""
        return []

    def changed_question(self) -> int | None:
        """The id of the question this command changes (QA): the editor selects it."""
        return None

    def _safely(self, action, keep) -> bool:  # type: ignore[no-untyped-def]
        """Someone may have deleted the label or document since: say so, drop the step. A
        busy or failing database changed nothing: say so, and keep the step where it was.
        Returns whether the change was stored."""
        done = False
        try:
            apply_retrying(self.store, action)
            done = True
        except OperationalError as error:
            self.annotations.failed.emit(
                f"Could not {self.text().lower()}: {db_errors.describe(error)}. "
                "Nothing was changed; it stays in the undo history, try again."
            )
            keep()
        except (UserError, SQLAlchemyError) as error:
            if isinstance(error, ConflictError):
                self.annotations.conflicted.emit(error)
            self.setObsolete(True)
            self.annotations.failed.emit(f"Cannot {self.text().lower()}: {error}")
        self.annotations.changed.emit(self.document_id)
        return done

    def _stay_done(self) -> None:
        """An undo that failed: the change is still stored, so the stack steps forward again."""
        self.done = True
        QTimer.singleShot(0, self.annotations.stack.redo)

    def _stay_undone(self) -> None:
        """A redo that failed: the change is not stored, so the stack steps back again."""
        self.undone = True
        QTimer.singleShot(0, self.annotations.stack.undo)

    def _status(self) -> Status:
        """The document's status now, read as the list reads it: in a team project
        ``documents.get`` marks the version the next write is checked against, and this
        look must not hide another window's change from that check."""
        found = self.annotations.project.documents.summaries([self.document_id])
        if not found:
            raise ValidationError(f"Document {self.document_id} does not exist.")
        return Status(found[0].status)
