"""How the QA editor draws questions, answers and the model's suggested answers.

Pure functions of the document's questions and the suggestions, so the editor keeps to
reacting and the drawing rules sit in one place: one colour per question, the selected
question's answers strong and the others faint, suggestions as ghosts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from app.editors.span_text_view import Highlight
from app.editors.suggestions import SuggestedSpan, SuggestionKey
from app.support.quoting import quote
from app.widgets.theme import swatch
from ptcore.store.labels import default_color
from ptcore.store.views import AnswerView, QuestionView


def answer_state(question: QuestionView) -> str:
    if question.no_answer:
        return "∅ no answer"
    count = len(question.answers)
    return f"✓ {count} answer{'s' if count > 1 else ''}" if count else "… needs an answer"


def model_state(
    question: QuestionView,
    suggestions: list[SuggestedSpan],
    no_answer_suggestions: dict[int, float],
    text: str,
) -> str:
    """The model's answer(s) to ``question``, as extra lines under it in the list."""
    if question.id in no_answer_suggestions:
        return f"\n      model: ∅ no answer {no_answer_suggestions[question.id]:.2f}"
    found = [s for s in suggestions if s.question_id == question.id]
    return "".join(
        f"\n      model: '{quote(text[s.start : s.end])}' {s.confidence:.2f}" for s in found
    )


def question_item(number: int, question: QuestionView, model: str) -> QListWidgetItem:
    """Question ``number`` in the side list, in its colour, with its state and the model's."""
    item = QListWidgetItem(
        swatch(default_color(number - 1)),
        f"Q{number}. {question.text}\n      {answer_state(question)}{model}",
    )
    item.setData(Qt.ItemDataRole.UserRole, question.id)
    return item


def answer_item(answer: AnswerView, text: str) -> QListWidgetItem:
    item = QListWidgetItem(f"{text[answer.start : answer.end]}   [{answer.start}, {answer.end})")
    item.setData(Qt.ItemDataRole.UserRole, answer.id)
    return item


def answer_highlights(
    questions: tuple[QuestionView, ...], text: str, selected: int | None
) -> list[Highlight]:
    return [
        Highlight(
            answer.start,
            answer.end,
            default_color(number - 1),
            f"Q{number}",
            (question.id, answer.id),
            f"Q{number}. {question.text}\n→ {text[answer.start : answer.end]!r}",
            faint=question.id != selected,
        )
        for number, question in enumerate(questions, 1)
        for answer in question.answers
    ]


def suggestion_highlights(
    questions: tuple[QuestionView, ...], suggestions: list[SuggestedSpan], text: str
) -> list[Highlight]:
    numbers = {q.id: n for n, q in enumerate(questions, 1)}
    return [
        Highlight(
            s.start,
            s.end,
            default_color(numbers[s.question_id] - 1),
            f"Q{numbers[s.question_id]} {s.confidence:.2f}",
            SuggestionKey(index),
            f"Model's answer to Q{numbers[s.question_id]}: {text[s.start : s.end]!r} "
            f"(confidence {s.confidence:.2f})\nClick to accept it.",
            ghost=True,
        )
        for index, s in enumerate(suggestions)
        if s.question_id in numbers
    ]


def wrapping_list() -> QListWidget:
    """A list whose long items wrap onto more lines instead of being cut off."""
    view = QListWidget(focusPolicy=Qt.FocusPolicy.NoFocus, wordWrap=True)  # type: ignore[call-arg]  # stubs lack Qt property keywords
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    return view
