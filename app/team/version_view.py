"""One version of a document (an annotator's, or the gold being decided), read-only, drawn as
the editors draw it: entities and answers as coloured spans in a ``SpanTextView``, class
labels as chips (over the text, where ``with_text``: the annotators' panels of a
classification review leave it to the gold's, below them)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextEdit, QVBoxLayout, QWidget

from app.editors.chips import chip
from app.editors.ner_display import entity_highlight
from app.editors.qa_display import answer_highlights, answer_state
from app.editors.span_paint import Highlight
from app.editors.span_text_view import SpanTextView
from app.widgets.theme import as_hint, reading_font
from ptcore.store.views import Document
from ptcore.task_shapes import TaskShape

UNKNOWN_COLOR = "#BBBBBB"
VIEW_POINT_SIZE = 11  # several versions side by side: smaller than the editor's text


class VersionView(QWidget):
    def __init__(
        self,
        shape: TaskShape,
        colors: dict[str, str],
        with_text: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.shape, self.colors, self.with_text = shape, colors, with_text
        self.document: Document | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chips = QHBoxLayout()
        self.text_view: SpanTextView | None = None
        self.answers = QLabel(
            wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse
        )  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.plain_text = QTextEdit(readOnly=True) if shape.labels and with_text else None  # type: ignore[call-overload]  # stubs lack Qt property keywords
        if self.plain_text is not None:
            self.plain_text.setFont(_view_font())
        if shape.labels:
            layout.addLayout(self.chips)
            if self.plain_text is not None:
                layout.addWidget(self.plain_text, 1)
            else:
                layout.addStretch()
        else:
            self.text_view = SpanTextView()
            self.text_view.setFont(_view_font())
            layout.addWidget(self.text_view, 1)
        if shape.questions:
            layout.addWidget(self.answers)

    def show_document(self, document: Document | None) -> None:
        self.document = document
        if self.shape.labels:
            self._show_chips(document.label_names if document else ())
            if self.plain_text is not None:
                self.plain_text.setPlainText(document.text if document else "")
            return
        assert self.text_view is not None
        text = document.text if document else ""
        if self.text_view.text() != text:
            self.text_view.set_text(text)
        self.text_view.set_highlights(self.highlights(document) if document else [])
        if self.shape.questions:
            self.answers.setText(questions_text(document, self.with_text) if document else "")

    def highlights(self, document: Document) -> list[Highlight]:
        text = document.text
        if self.shape.questions:
            return [
                replace(h, faint=False) for h in answer_highlights(document.questions, text, None)
            ]
        return [
            entity_highlight(e, text, self.colors.get(e.label, UNKNOWN_COLOR))
            for e in document.entities
        ]

    def _show_chips(self, names: tuple[str, ...]) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for name in names:
            self.chips.addWidget(chip(name, self.colors.get(name, UNKNOWN_COLOR)))
        if not names:
            self.chips.addWidget(as_hint(QLabel("(no label)")))
        self.chips.addStretch()


def _view_font() -> QFont:
    font = reading_font()
    font.setPointSize(VIEW_POINT_SIZE)
    return font


def questions_text(document: Document, with_questions: bool = False) -> str:
    """Each question's state and answers, one line each: "Q1 ✓ 1 answer: 'in 1843'" (after
    the question's own text where ``with_questions``)."""
    lines = []
    for number, question in enumerate(document.questions, 1):
        spans = ", ".join(f"'{document.text[a.start : a.end]}'" for a in question.answers)
        asked = f". {question.text} —" if with_questions else ""
        lines.append(f"Q{number}{asked} {answer_state(question)}{': ' + spans if spans else ''}")
    return "\n".join(lines)
