"""Classification editor: read the text, press a label key; single-label sets and moves on,
multi-label toggles. Enter confirms the labels as they stand, S skips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.editors.base import EditorBase
from app.editors.chips import chip, clear_layout, label_button
from app.editors.span_text_view import READING_POINT_SIZE
from app.theme import reading_font
from app.undo import SetClassLabels
from ptcore.records import Status, Task
from ptcore.store.project import Project

CLASSIFICATION_POINT_SIZE = READING_POINT_SIZE + 2


class ClassificationEditor(EditorBase):
    def __init__(
        self, project: Project, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(project, undo_stack, parent)
        self.multilabel = project.task == Task.MULTILABEL
        self.text_view = QTextEdit(readOnly=True)
        self.text_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        font = reading_font()
        font.setPointSize(CLASSIFICATION_POINT_SIZE)
        self.text_view.setFont(font)
        self.chips = QHBoxLayout()
        self.buttons = QHBoxLayout()
        self.advance = QCheckBox("Advance after labelling", checked=True)
        self.advance.setToolTip("After choosing a label, go to the next document.")
        self.advance.setVisible(not self.multilabel)
        self.advance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout()
        self.show_labels()

    def _layout(self) -> None:
        chip_row = QHBoxLayout()
        chip_row.addWidget(QLabel("Labels:"))
        chip_row.addLayout(self.chips)
        chip_row.addStretch()
        actions = QHBoxLayout()
        actions.addWidget(self.advance)
        actions.addStretch()
        actions.addWidget(
            self._action("Skip", "Skip this document and go to the next (key S).", self.skip)
        )
        actions.addWidget(
            self._action(
                "Accept ⏎",
                "Confirm the labels shown and go to the next document (Enter).",
                self.confirm,
            )
        )
        hint = QLabel(
            "Multi-label: press a label's key to toggle it."
            if self.multilabel
            else "Press a label's key to choose it.",
            objectName="hint",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_view, 1)
        layout.addLayout(chip_row)
        layout.addLayout(self.buttons)
        layout.addWidget(hint)
        layout.addWidget(self.notice)
        layout.addLayout(actions)

    def _action(self, text: str, tip: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, toolTip=tip, focusPolicy=Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def show_labels(self) -> None:
        clear_layout(self.buttons)
        self._buttons: dict[str, QPushButton] = {}
        for label in self.labels:
            button = self._buttons[label.name] = label_button(label)
            button.clicked.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.buttons.addWidget(button)
        self.buttons.addStretch()
        self._show_chosen()

    def show_document(self) -> None:
        text = self.document.text if self.document is not None else ""
        if self.text_view.toPlainText() != text:
            self.text_view.setPlainText(text)
        self._show_chosen()

    def _show_chosen(self) -> None:
        chosen = set(self.document.label_names) if self.document is not None else set()
        clear_layout(self.chips)
        for label in self.labels:
            if label.name in chosen:
                self.chips.addWidget(chip(label.name, label.color))
        if self.document is not None and self.document.status == Status.SKIPPED:
            self.chips.addWidget(QLabel("(skipped)", objectName="hint"))
        for name, button in self._buttons.items():
            button.setChecked(name in chosen)

    def apply_label(self, name: str) -> None:
        if self.document is None or self.label(name) is None:
            return
        old = list(self.document.label_names)
        if self.multilabel:
            new = [n for n in old if n != name] if name in old else [*old, name]
            text = f"Remove label {name}" if name in old else f"Add label {name}"
        else:
            new, text = [name], f"Set label {name}"
        if new != old or self.document.status != Status.LABELED:
            self.run(SetClassLabels(self.annotations, self.document.id, old, new, text))
        if not self.multilabel and self.advance.isChecked():
            self.advance_requested.emit()

    def confirm(self) -> None:
        if self.document is not None and not self.multilabel and not self.document.label_names:
            self.show_message("Choose a label first (its key), or skip the document (S).")
            return
        super().confirm()
