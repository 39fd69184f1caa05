"""The QA editor's side panel: the questions, the box to add one, the selected question's
answers, and the buttons. Widgets only: the editor owns what they do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.editors.base import ACCEPT_KEYS, side_button
from app.editors.qa_display import answer_item, question_item, wrapping_list
from ptcore.store.views import QuestionView

if TYPE_CHECKING:
    from app.editors.qa import QaEditor


class QuestionEdit(QLineEdit):
    """Keeps Enter to itself: it adds the question, it does not finish the document."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in ACCEPT_KEYS:
            event.accept()


class QuestionPanel(QWidget):
    def __init__(self, editor: QaEditor) -> None:
        super().__init__()
        self.questions = wrapping_list()
        self.answers = QListWidget()
        self.answers.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.question_edit = QuestionEdit(placeholderText="Type a question, press Enter to add it")
        self.no_answer = QCheckBox("No answer in the text")
        self.no_answer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.no_answer.setToolTip("This question cannot be answered from the text (N).")
        self.add_button = side_button(
            "Add", "Add the typed question (Enter).", editor.submit_question
        )
        self.accept_button = side_button(
            "Accept suggestions (A)",
            "Store the model's answers to the questions that have none yet (A).",
            editor.accept_suggestions,
        )
        self._lay_out(editor)

    def _lay_out(self, editor: QaEditor) -> None:
        entry = QHBoxLayout()
        entry.addWidget(self.question_edit, 1)
        entry.addWidget(self.add_button)
        manage = QHBoxLayout()
        manage.addWidget(
            side_button("Edit", "Edit the selected question's text.", editor.start_edit)
        )
        manage.addWidget(
            side_button(
                "Delete", "Delete the selected question and its answers.", editor.delete_question
            )
        )
        done = QHBoxLayout()
        done.addWidget(side_button("Skip", "Skip this document (S).", editor.skip))
        done.addWidget(
            side_button("Done ⏎", "Confirm and go to the next document (Enter).", editor.confirm)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Questions"))
        layout.addWidget(self.questions, 2)
        layout.addLayout(entry)
        layout.addLayout(manage)
        layout.addWidget(self.no_answer)
        layout.addWidget(QLabel("Answers to the selected question"))
        layout.addWidget(self.answers, 1)
        layout.addWidget(
            side_button("Remove answer", "Remove the answer selected above.", editor.remove_answer)
        )
        layout.addWidget(self.accept_button)
        layout.addLayout(done)

    def show_questions(
        self, questions: tuple[QuestionView, ...], selected: int | None, models: list[str]
    ) -> None:
        """Each question with its state and the model's answers (``models``), ``selected``
        current, without announcing a change of question."""
        self.questions.blockSignals(True)
        self.questions.clear()
        for number, (question, model) in enumerate(zip(questions, models, strict=True), 1):
            item = question_item(number, question, model)
            self.questions.addItem(item)
            if question.id == selected:
                self.questions.setCurrentItem(item)
        self.questions.blockSignals(False)

    def show_answers(self, question: QuestionView | None, text: str) -> None:
        """The selected question's answers and its "no answer" mark."""
        self.no_answer.setEnabled(question is not None)
        self.no_answer.setChecked(bool(question and question.no_answer))
        self.answers.clear()
        for answer in question.answers if question is not None else ():
            self.answers.addItem(answer_item(answer, text))
