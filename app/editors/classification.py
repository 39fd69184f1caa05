"""Classification editor: read the text, press a label key; single-label sets and moves on,
multi-label toggles. Enter confirms the labels as they stand, S skips. The model's
prediction shows as hollow chips with confidences; A (or a click on a chip) accepts it."""

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
from app.editors.chips import (
    NO_LABELS,
    chip,
    clear_layout,
    flash_button,
    ghost_chip,
    label_button,
    picker_button,
)
from app.editors.span_text_view import FLASH_MS, READING_POINT_SIZE
from app.editors.suggestions import SuggestedLabel, label_disagrees, label_suggestions
from app.undo import AcceptClassLabels, AnnotationCommand, SetClassLabels
from app.widgets.flow_layout import FlowArea, FlowLayout
from app.widgets.theme import as_hint, reading_font
from ptcore.engine.tasks.registry import label_spec_for
from ptcore.records import Status
from ptcore.store.project import Project

CLASSIFICATION_POINT_SIZE = READING_POINT_SIZE + 2
WARNING_COLOR = "#D55E00"


class ClassificationEditor(EditorBase):
    def __init__(
        self, project: Project, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(project, undo_stack, parent)
        self.multilabel = label_spec_for(project.task).multi_label
        self.text_view = QTextEdit(readOnly=True)
        self.text_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        font = reading_font()
        font.setPointSize(CLASSIFICATION_POINT_SIZE)
        self.text_view.setFont(font)
        self.chips = QHBoxLayout()
        self.model_chips = QHBoxLayout()
        self.model_row = QWidget()
        self.disagreement = QLabel(  # type: ignore[call-overload]  # stubs lack Qt property keywords
            "≠ differs from your label",
            styleSheet=f"color: {WARNING_COLOR}; font-weight: 600;",
            toolTip="The model's prediction differs from this document's labels.",
        )
        self.suggested: list[SuggestedLabel] = []
        self.flashed_labels: list[str] = []  # outlined after Undo/Redo, for a moment
        self.buttons = FlowLayout()
        self.buttons_area = FlowArea(self.buttons)
        self.advance = QCheckBox("Advance after labelling", checked=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
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
        model_row = QHBoxLayout(self.model_row)
        model_row.setContentsMargins(0, 0, 0, 0)
        model_row.addWidget(QLabel("Model:"))
        model_row.addLayout(self.model_chips)
        model_row.addWidget(self.disagreement)
        model_row.addStretch()
        model_row.addWidget(
            self._action(
                "Accept suggestion (A)", "Take the model's label(s) (A).", self.accept_suggestions
            )
        )
        self.model_row.hide()
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
        hint = as_hint(
            QLabel(
                "Multi-label: press a label's key to toggle it."
                if self.multilabel
                else "Press a label's key to choose it."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_view, 1)
        layout.addLayout(chip_row)
        layout.addWidget(self.model_row)
        layout.addWidget(self.buttons_area)
        layout.addWidget(hint)
        layout.addWidget(self.notice)
        layout.addLayout(actions)

    def _action(self, text: str, tip: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, toolTip=tip, focusPolicy=Qt.FocusPolicy.NoFocus)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        button.clicked.connect(slot)
        return button

    def show_change(self, command: AnnotationCommand) -> None:
        """Outline for a moment the label buttons that Undo/Redo just set or cleared."""
        self.flashed_labels = [n for n in command.changed_labels() if n in self.label_buttons]
        for name in self.flashed_labels:
            flash_button(self.label_buttons[name], FLASH_MS)

    def show_labels(self) -> None:
        clear_layout(self.buttons)
        finder = picker_button(len(self.labels), self.pick_label)
        if finder is not None:
            self.buttons.addWidget(finder)
        self.label_buttons: dict[str, QPushButton] = {}
        for label in self.labels:
            button = self.label_buttons[label.name] = label_button(label)
            button.clicked.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.buttons.addWidget(button)
        if not self.labels:
            self.buttons.addWidget(as_hint(QLabel(NO_LABELS)))
        self.buttons_area.refresh()
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
            self.chips.addWidget(as_hint(QLabel("(skipped)")))
        for name, button in self.label_buttons.items():
            button.setChecked(name in chosen)
        self._show_suggested()

    def _show_suggested(self) -> None:
        self.suggested = label_suggestions(self.predictions, self.project.task)
        clear_layout(self.model_chips)
        self.model_row.setVisible(bool(self.predictions))
        for suggestion in self.suggested:
            label = self.label(suggestion.label)
            button = ghost_chip(
                f"{suggestion.label} {suggestion.confidence:.2f}",
                label.color if label is not None else "#BBBBBB",
            )
            button.setToolTip(
                f"The model says {suggestion.label} "
                f"(confidence {suggestion.confidence:.2f}). Click to accept."
            )
            button.clicked.connect(lambda _=False, name=suggestion.label: self._accept([name]))
            self.model_chips.addWidget(button)
        if self.predictions and not self.suggested:
            self.model_chips.addWidget(as_hint(QLabel("(no label)")))
        gold = self.document.label_names if self.document is not None else ()
        self.disagreement.setVisible(label_disagrees(self.suggested, gold, self.project.task))

    def accept_suggestions(self) -> None:
        if self.document is None:
            return
        if not self.suggested:
            self.show_message("The model has no suggestion for this document.")
            return
        self._accept([s.label for s in self.suggested])

    def _accept(self, names: list[str]) -> None:
        assert self.document is not None
        old = [(c.label, c.source) for c in self.document.class_labels]
        names = [n for n in names if self.label(n) is not None]
        current = set(self.document.label_names)
        done = set(names) <= current if self.multilabel else set(names) == current
        relabel = not self.multilabel and self.document.status != Status.LABELED
        if names and (not done or relabel):
            text = f"Accept model label{'s' * (len(names) > 1)} {', '.join(names)}"
            self.run(AcceptClassLabels(self.annotations, self.document.id, old, names, text))
        if names and not self.multilabel and self.advance.isChecked():
            self.advance_requested.emit()

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
