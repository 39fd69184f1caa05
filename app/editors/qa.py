"""QA editor: the context on the left, its questions on the right. Pick a question, then
select its answer in the context (snapped like NER; several answers allowed) or mark it
as having no answer. Each question's answers share one colour. The model's answers show as
dashed ghosts in the question's colour: click one to accept it, A accepts them all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QWidget

from app.editors import answer_rules
from app.editors.base import EditorBase
from app.editors.qa_display import answer_highlights, model_state, suggestion_highlights
from app.editors.qa_panel import QuestionPanel
from app.editors.span_text_view import SpanTextView
from app.editors.suggestions import (
    GHOST_HINT,
    SuggestedSpan,
    SuggestionKey,
    answer_suggestions,
)
from app.undo import (
    ANSWER,
    QUESTION,
    AcceptAnswers,
    AddAnswer,
    AddQuestion,
    AnnotationCommand,
    DeleteQuestion,
    EditQuestion,
    Ref,
    RemoveAnswer,
    SetNoAnswer,
    SuggestedAnswer,
)
from ptcore.store.project import Project
from ptcore.store.views import QuestionView

NO_ANSWER_KEY = "n"
HINT = (
    "Pick a question, then drag or double-click its answer in the text. N: no answer. "
    "Enter: done, next. S: skip.\n" + GHOST_HINT
)


class QaEditor(EditorBase):
    def __init__(
        self, project: Project, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(project, undo_stack, parent)
        self.view = SpanTextView()
        self.view.span_selected.connect(self.add_answer)
        self.view.highlight_clicked.connect(self._on_answer_clicked)
        self.side = side = QuestionPanel(self)
        self.questions, self.answers = side.questions, side.answers
        self.question_edit, self.no_answer = side.question_edit, side.no_answer
        self.add_button, self.accept_button = side.add_button, side.accept_button
        self.questions.currentRowChanged.connect(self._on_question_row)
        self.question_edit.returnPressed.connect(self.submit_question)
        self.no_answer.clicked.connect(self.set_no_answer)
        self.suggestions: list[SuggestedSpan] = []
        self.no_answer_suggestions: dict[int, float] = {}
        self.selected: int | None = None
        self._editing: int | None = None
        self.lay_out_text_and_side(None, self.view, HINT, side, side_stretch=2)

    # Showing -------------------------------------------------------------------------------
    def question_list(self) -> tuple[QuestionView, ...]:
        return self.document.questions if self.document is not None else ()

    def question(self, question_id: int | None = None) -> QuestionView | None:
        wanted = self.selected if question_id is None else question_id
        return next((q for q in self.question_list() if q.id == wanted), None)

    def show_document(self) -> None:
        text = self.document.text if self.document is not None else ""
        if self.view.text() != text or self.document is None:
            self.view.set_text(text)
        questions = self.question_list()
        self.suggestions, self.no_answer_suggestions = answer_suggestions(
            self.predictions, questions
        )
        self.accept_button.setEnabled(bool(self.suggestions or self.no_answer_suggestions))
        if self.question() is None:
            first = answer_rules.first_question(questions)
            self.selected = first.id if first is not None else None
        self._fill_questions(questions)
        self._show_selected()

    def _fill_questions(self, questions: tuple[QuestionView, ...]) -> None:
        text, suggested, says_none = self.view.text(), self.suggestions, self.no_answer_suggestions
        models = [model_state(q, suggested, says_none, text) for q in questions]
        self.side.show_questions(questions, self.selected, models)

    def _show_selected(self) -> None:
        self.side.show_answers(self.question(), self.view.text())
        questions, text = self.question_list(), self.view.text()
        self.view.set_highlights(
            answer_highlights(questions, text, self.selected)
            + suggestion_highlights(questions, self.suggestions, text)
        )

    def _on_question_row(self, row: int) -> None:
        item = self.questions.item(row)
        self.selected = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_selected()

    def _on_answer_clicked(self, key: object) -> None:
        if isinstance(key, SuggestionKey):
            self.accept_suggestion(key.index)
        elif isinstance(key, tuple) and key[0] != self.selected:
            self.select_question(key[0])

    def select_question(self, question_id: int) -> None:
        self.selected = question_id
        self._fill_questions(self.question_list())
        self._show_selected()

    # Editing -------------------------------------------------------------------------------
    def _ref(self, question: QuestionView) -> Ref:
        return self.annotations.ref(QUESTION, question.id)

    def _answer_refs(self, question: QuestionView) -> list[tuple[Ref, int, int]]:
        return [(self.annotations.ref(ANSWER, a.id), a.start, a.end) for a in question.answers]

    def submit_question(self) -> None:
        text = self.question_edit.text()
        if self.document is None:
            return
        editing = self.question(self._editing) if self._editing is not None else None
        if editing is not None:
            command: AnnotationCommand = EditQuestion(
                self.annotations, self.document.id, self._ref(editing), editing.text, text.strip()
            )
        else:
            command = AddQuestion(self.annotations, self.document.id, text)
        if self.run(command):
            if isinstance(command, AddQuestion) and command.question is not None:
                self.select_question(command.question.id)
            self.question_edit.clear()
            self._stop_edit()
            self.view.setFocus()  # next: drag its answer, or N; not more letters in the box

    def start_edit(self) -> None:
        question = self.question()
        if question is not None:
            self._editing = question.id
            self.question_edit.setText(question.text)
            self.add_button.setText("Save")
            self.question_edit.setFocus()

    def _stop_edit(self) -> None:
        self._editing = None
        self.add_button.setText("Add")

    def delete_question(self) -> None:
        question = self.question()
        if question is not None and self.document is not None:
            self.selected = None
            self.run(
                DeleteQuestion(
                    self.annotations,
                    self.document.id,
                    self._ref(question),
                    self.question_list().index(question),
                    question.text,
                    question.no_answer,
                    self._answer_refs(question),
                )
            )

    def add_answer(self, start: int, end: int) -> None:
        question = self.question()
        if self.document is None:
            return
        refusal = answer_rules.answer_refusal(question, start, end)
        if refusal is not None:
            self.show_message(refusal)
            return
        assert question is not None  # answer_refusal refuses a missing question
        covered = self.view.text()[start:end]
        if self.run(
            AddAnswer(
                self.annotations,
                self.document.id,
                self._ref(question),
                (start, end),
                covered,
                question.no_answer,
            )
        ):
            self.view.clear_selection()

    def remove_answer(self) -> None:
        question, item = self.question(), self.answers.currentItem()
        answer_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        answer = (
            next((a for a in question.answers if a.id == answer_id), None) if question else None
        )
        if question is not None and answer is not None and self.document is not None:
            self.run(
                RemoveAnswer(
                    self.annotations,
                    self.document.id,
                    self._ref(question),
                    self.annotations.ref(ANSWER, answer.id),
                    (answer.start, answer.end),
                    self.view.text()[answer.start : answer.end],
                )
            )

    def set_no_answer(self, no_answer: bool | None = None) -> None:
        question = self.question()
        if question is None or self.document is None:
            return
        wanted = answer_rules.wanted_no_answer(question, no_answer)
        if wanted != question.no_answer:
            self.run(
                SetNoAnswer(
                    self.annotations,
                    self.document.id,
                    self._ref(question),
                    wanted,
                    self._answer_refs(question),
                )
            )

    # Suggestions ---------------------------------------------------------------------------
    def accept_suggestion(self, index: int) -> None:
        """Accept one ghost answer, unless its question is marked as having no answer."""
        if self.document is None or not 0 <= index < len(self.suggestions):
            return
        suggestion = self.suggestions[index]
        question = self.question(suggestion.question_id)
        if question is None:
            return
        number = self.question_list().index(question) + 1
        refusal = answer_rules.suggestion_refusal(question, number)
        if refusal is not None:
            self.show_message(refusal)
            return
        answer = SuggestedAnswer(self._ref(question), (suggestion.start, suggestion.end))
        text = answer_rules.accept_one_text(suggestion, self.view.text())
        self.run(AcceptAnswers(self.annotations, self.document.id, [answer], text))

    def accept_suggestions(self) -> None:
        """Answer every open question as the model does; answered ones keep their answers."""
        if self.document is None:
            return
        choice = answer_rules.choose_answers(
            self.question_list(), self.suggestions, self.no_answer_suggestions
        )
        if not choice.accepted and not choice.kept:
            self.show_message(answer_rules.NOTHING_NEW)
            return
        if choice.accepted:
            accepted = [SuggestedAnswer(self._ref(q), span) for q, span in choice.accepted]
            text = answer_rules.accept_many_text(len(accepted))
            self.run(AcceptAnswers(self.annotations, self.document.id, accepted, text))
        if choice.kept:
            self.show_message(answer_rules.kept_message(choice.kept))

    def show_change(self, command: AnnotationCommand) -> None:
        question = command.changed_question()
        if question is not None and self.question(question) is not None:
            self.select_question(question)
        self.view.flash(command.changed_spans())

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.text().lower() == NO_ANSWER_KEY and not event.modifiers():
            self.set_no_answer()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self._stop_edit()
            self.question_edit.clear()
            self.view.setFocus()
            return True
        return super().handle_key(event)
