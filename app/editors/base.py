"""What every editor shares: the contract the shell uses, messages, keys, undo plumbing,
and the model's predictions for the current document, offered as suggestions (A accepts)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.editors.label_picker import PICKER_KEY, LabelPicker
from app.undo import AnnotationCommand, Annotations, SetStatus
from app.widgets.theme import as_hint
from ptcore.records import Status
from ptcore.store.project import Project
from ptcore.store.views import Document, Label, Prediction

SKIP_KEY = "s"
ACCEPT_SUGGESTIONS_KEY = "a"
NOTICE_MS = 8000
ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Notice(QLabel):
    """A transient message shown inside the editor (refusals, hints)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorNotice")
        self.setWordWrap(True)
        self.setStyleSheet(
            "#editorNotice { background: rgba(230, 159, 0, 60); "
            "border: 1px solid rgba(213, 94, 0, 160); border-radius: 4px; padding: 4px 8px; }"
        )
        self._timer = QTimer(self, singleShot=True, interval=NOTICE_MS, timeout=self.hide)  # type: ignore[call-arg]  # stubs lack Qt property keywords
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()
        self._timer.start()


class EditorBase(QWidget):
    annotations_changed = Signal(int)
    advance_requested = Signal()
    message = Signal(str)

    def __init__(
        self, project: Project, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.project = project
        self.undo_stack = undo_stack
        self.annotations = Annotations(project, undo_stack)
        self.annotations.changed.connect(self._on_changed)
        self.annotations.failed.connect(self.show_message)
        self.annotations.revisited.connect(self._on_revisited)
        self.labels: list[Label] = project.labels.all()
        self.document: Document | None = None
        self.predictions: list[Prediction] = []
        self.notice = Notice(self)
        self.picker: LabelPicker | None = None

    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document is not None else None

    # The shell's contract ---------------------------------------------------------------
    def set_document(self, document_id: int | None) -> None:
        self.notice.hide()
        self.document = self.project.documents.get(document_id) if document_id is not None else None
        self.predictions = [p for p in self.predictions if p.document_id == document_id]
        self.show_document()

    def set_predictions(self, predictions: list[Prediction]) -> None:
        """The shown model's predictions for the current document (others are ignored)."""
        self.predictions = [p for p in predictions if p.document_id == self.document_id]
        self.show_document()

    def accept_suggestions(self) -> None:
        """Store every suggestion for this document that does not conflict with gold."""
        self.show_message("This editor has no model suggestions to accept.")

    def refresh_labels(self) -> None:
        self.labels = self.project.labels.all()
        self.show_labels()
        self.show_document()

    def apply_label(self, name: str) -> None:
        """Apply a label to the document or the selection; editors without labels (QA) ignore it."""

    # For subclasses ------------------------------------------------------------------------
    def lay_out_text_and_side(
        self, top: QWidget | None, view: QWidget, hint: str, side: QWidget, side_stretch: int
    ) -> None:
        """The span editors' shape: labels (if any), the text, the notice and a hint on the
        left; their own panel on the right, in a splitter the user can drag."""
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        if top is not None:
            main_layout.addWidget(top)
        main_layout.addWidget(view, 1)
        main_layout.addWidget(self.notice)
        main_layout.addWidget(as_hint(QLabel(hint, wordWrap=True)))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        splitter = QSplitter(objectName="editorSplitter")  # type: ignore[call-overload]  # stubs lack Qt property keywords
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(main)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, side_stretch)
        QVBoxLayout(self).addWidget(splitter)

    def show_document(self) -> None:
        """Redraw everything from ``self.document``."""

    def show_labels(self) -> None:
        """Rebuild whatever shows the label set."""

    def show_change(self, command: AnnotationCommand) -> None:
        """Point at what Undo/Redo just changed in the shown document (span editors outline
        its spans for a moment)."""

    def show_message(self, text: str) -> None:
        self.notice.show_text(text)
        self.message.emit(text)

    def run(self, command: AnnotationCommand) -> bool:
        return self.annotations.run(command)

    def label(self, name: str) -> Label | None:
        return next((label for label in self.labels if label.name == name), None)

    def label_for_key(self, text: str) -> Label | None:
        text = text.strip().lower()
        if not text:
            return None
        return next((label for label in self.labels if label.shortcut.lower() == text), None)

    def pick_label(self) -> None:
        """Open the type-ahead picker: every label, with or without a key of its own."""
        self.picker = LabelPicker(self.labels, self.apply_label, self)
        self.picker.popup(self)

    def skip(self) -> None:
        """S: leave this document out of training and move on. What S means on an annotated
        document: its annotations stay saved (undo, or Enter later, brings it back as
        labelled) but are not trained on, evaluated or exported as labelled."""
        document = self.document
        if document is None:
            return
        self.run(SetStatus(self.annotations, document.id, Status.SKIPPED))
        self.advance_requested.emit()
        kept = annotation_count(document)
        if kept:
            self.show_message(
                f"Skipped the document and left it out of training, keeping "
                f"its annotations ({kept}). Go back and press Enter to use "
                "them again."
            )

    def confirm(self) -> None:
        """Mark the document labelled as it stands and move on."""
        if self.document is None:
            return
        if self.document.status != Status.LABELED:
            self.run(SetStatus(self.annotations, self.document.id, Status.LABELED))
        self.advance_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        label = self.label_for_key(event.text())
        if label is not None:
            self.apply_label(label.name)
        elif event.text() == PICKER_KEY and self.labels:
            self.pick_label()
        elif event.key() in ACCEPT_KEYS:
            self.confirm()
        elif event.text().lower() == ACCEPT_SUGGESTIONS_KEY:
            self.accept_suggestions()
        elif event.text().lower() == SKIP_KEY:
            self.skip()
        else:
            return False
        return True

    def _on_revisited(self, command: AnnotationCommand) -> None:
        """Undo/Redo replayed ``command``; the shell has opened its document by now."""
        if command.document_id == self.document_id:
            self.show_change(command)

    def _on_changed(self, document_id: int) -> None:
        self.annotations_changed.emit(document_id)
        if document_id == self.document_id:
            self.document = self.project.documents.get(document_id)
            self.show_document()


def side_button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    """A button of an editor's side panel: it never takes the focus from the text."""
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button


def annotation_count(document: Document) -> int:
    """Labels, entities and questions: what skipping a document keeps but does not use."""
    return len(document.label_names) + len(document.entities) + len(document.questions)
