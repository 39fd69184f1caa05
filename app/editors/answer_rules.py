"""The QA editor's rules: which question is worked on, which answers it refuses, and which
of the model's suggested answers "accept" stores (never over the person's own answers).

Qt-free, so the rules are tested without a screen (tests/editors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.editors.suggestions import SuggestedSpan
from app.support.quoting import quote
from ptcore.store.views import QuestionView

NOTHING_NEW = "The model has no new suggestions for this document."
NO_QUESTION = "Add or pick a question first, then select its answer."
ALREADY_AN_ANSWER = "That span is already an answer to this question."


@dataclass(frozen=True)
class AnswerChoice:
    """What "accept all" does: ``accepted`` pairs a question with its suggested span (None:
    the model says it has no answer); ``kept`` names the questions whose answers stay."""

    accepted: list[tuple[QuestionView, tuple[int, int] | None]]
    kept: list[str]


def first_question(questions: Sequence[QuestionView]) -> QuestionView | None:
    """The question to work on when none is chosen: the first still open, else the first."""
    pending = [q for q in questions if not q.resolved] or list(questions)
    return pending[0] if pending else None


def answer_refusal(question: QuestionView | None, start: int, end: int) -> str | None:
    """Why a selected span cannot become an answer, or None when it can."""
    if question is None:
        return NO_QUESTION
    if any((a.start, a.end) == (start, end) for a in question.answers):
        return ALREADY_AN_ANSWER
    return None


def wanted_no_answer(question: QuestionView, no_answer: bool | None) -> bool:
    """The "no answer" mark asked for: ``no_answer`` if given, else the opposite of now (N)."""
    return (not question.no_answer) if no_answer is None else bool(no_answer)


def suggestion_refusal(question: QuestionView, number: int) -> str | None:
    """Why the model's answer to question ``number`` cannot be accepted, or None."""
    if not question.no_answer:
        return None
    return (
        f"You marked Q{number} as having no answer; untick that (N) to accept the model's answer."
    )


def accept_one_text(suggestion: SuggestedSpan, text: str) -> str:
    return f"Accept answer '{quote(text[suggestion.start : suggestion.end])}'"


def choose_answers(
    questions: Sequence[QuestionView],
    suggestions: Sequence[SuggestedSpan],
    no_answer_suggestions: dict[int, float],
) -> AnswerChoice:
    """Answer every open question as the model does; answered ones keep their answers."""
    accepted: list[tuple[QuestionView, tuple[int, int] | None]] = []
    kept: list[str] = []
    for number, question in enumerate(questions, 1):
        spans = [s for s in suggestions if s.question_id == question.id]
        says_none = question.id in no_answer_suggestions
        if not spans and not says_none:
            continue
        if question.resolved:
            kept.append(f"Q{number}")
        elif says_none:
            accepted.append((question, None))
        else:
            accepted += [(question, (s.start, s.end)) for s in spans]
    return AnswerChoice(accepted, kept)


def accept_many_text(count: int) -> str:
    return f"Accept {count} suggested answer{'s' * (count > 1)}"


def kept_message(kept: Sequence[str]) -> str:
    return f"Kept your answers to {', '.join(kept)}; click a dashed answer to add it as well."
