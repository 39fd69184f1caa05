"""The QA editor's rules for answers and suggested answers, without Qt."""

from __future__ import annotations

from app.editors import answer_rules
from app.editors.suggestions import SuggestedSpan
from ptcore.store.views import AnswerView, QuestionView

OPEN = QuestionView(1, "Who?", False, 0)
ANSWERED = QuestionView(2, "Where?", False, 1, answers=(AnswerView(7, 19, 24, "human"),))
NONE = QuestionView(3, "Why?", True, 2)


def test_work_starts_on_the_first_open_question_else_the_first() -> None:
    assert answer_rules.first_question([ANSWERED, OPEN, NONE]) == OPEN
    assert answer_rules.first_question([ANSWERED, NONE]) == ANSWERED
    assert answer_rules.first_question([]) is None


def test_an_answer_needs_a_question_and_may_not_repeat_one() -> None:
    assert answer_rules.answer_refusal(None, 0, 3) == answer_rules.NO_QUESTION
    assert answer_rules.answer_refusal(ANSWERED, 19, 24) == answer_rules.ALREADY_AN_ANSWER
    assert answer_rules.answer_refusal(ANSWERED, 19, 23) is None


def test_n_toggles_no_answer_and_the_box_sets_it() -> None:
    assert answer_rules.wanted_no_answer(OPEN, None) is True
    assert answer_rules.wanted_no_answer(NONE, None) is False
    assert answer_rules.wanted_no_answer(NONE, True) is True


def test_a_question_marked_no_answer_refuses_the_models_answer() -> None:
    assert answer_rules.suggestion_refusal(OPEN, 1) is None
    assert answer_rules.suggestion_refusal(NONE, 3) == (
        "You marked Q3 as having no answer; untick that (N) to accept the model's answer."
    )


def test_accept_all_answers_open_questions_and_keeps_resolved_ones() -> None:
    who = SuggestedSpan(0, 3, "", 0.9, question_id=OPEN.id)
    where = SuggestedSpan(10, 14, "", 0.8, question_id=ANSWERED.id)
    choice = answer_rules.choose_answers([OPEN, ANSWERED, NONE], [who, where], {NONE.id: 0.7})
    assert choice.accepted == [(OPEN, (0, 3))]
    assert choice.kept == ["Q2", "Q3"]
    assert answer_rules.kept_message(choice.kept) == (
        "Kept your answers to Q2, Q3; click a dashed answer to add it as well."
    )


def test_the_model_saying_no_answer_is_accepted_for_an_open_question() -> None:
    choice = answer_rules.choose_answers([OPEN], [], {OPEN.id: 0.6})
    assert choice.accepted == [(OPEN, None)]
    assert answer_rules.accept_many_text(1) == "Accept 1 suggested answer"
    assert answer_rules.accept_many_text(3) == "Accept 3 suggested answers"


def test_nothing_to_accept_without_suggestions() -> None:
    choice = answer_rules.choose_answers([OPEN, ANSWERED], [], {})
    assert choice.accepted == [] and choice.kept == []
