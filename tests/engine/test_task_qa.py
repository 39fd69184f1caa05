"""QA codec: windows, answer positions, n-best post-processing and the null answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ptcore.engine.tasks.qa import QaEncoding, encode_qa, qa_examples
from ptcore.engine.tasks.qa_postprocess import (
    AnswerCandidate,
    QaCandidates,
    collect_candidates,
    predict_answers,
    tune_null_threshold,
)
from ptcore.records import Answer, DocumentRecord, Question
from tests.tiny import make_tokenizer

LONG_CONTEXT = "the movie was good . " * 30 + "john lives in paris ."
PARIS = Answer(LONG_CONTEXT.index("paris"), LONG_CONTEXT.index("paris") + 5)


def record(context: str, *questions: Question) -> DocumentRecord:
    return DocumentRecord(context, questions=list(questions))


def gold_logits(encoding: QaEncoding, extra: int = 5) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Padded logits that point at each feature's labelled positions (CLS when none)."""
    starts, ends = [], []
    for feature in encoding.features:
        start, end = (
            np.zeros(len(feature["input_ids"]) + extra),
            np.zeros(len(feature["input_ids"]) + extra),
        )
        start[feature["start_positions"]] += 8.0
        end[feature["end_positions"]] += 8.0
        starts.append(start)
        ends.append(end)
    return starts, ends


def test_answer_at_the_end_of_a_long_context_is_found_in_a_later_window() -> None:
    question = Question("where does john live ?", [PARIS])
    encoding = encode_qa(
        [record(LONG_CONTEXT, question)], make_tokenizer(), max_length=48, stride=16
    )
    assert len(encoding.features) > 3
    assert all(len(feature["input_ids"]) <= 48 for feature in encoding.features)
    positions = [(f["start_positions"], f["end_positions"]) for f in encoding.features]
    assert all(p == (0, 0) for p in positions[:-1])
    start, end = positions[-1]
    last = encoding.windows[-1]
    assert (last.offsets[start], last.offsets[end]) == (
        (PARIS.start, PARIS.end),
        (PARIS.start, PARIS.end),
    )
    candidates = collect_candidates(encoding, *gold_logits(encoding))
    assert candidates[0].null_score == 0.0  # the lowest over windows: only the last has an answer
    (prediction,) = predict_answers(candidates)
    assert (prediction.text, prediction.start, prediction.end) == ("paris", PARIS.start, PARIS.end)
    assert prediction.confidence > 0.9


def test_windows_mark_only_context_tokens_and_keep_their_example() -> None:
    records = [
        record("mary met john .", Question("who ?")),
        record("good", Question("what ?"), Question("how ?")),
    ]
    encoding = encode_qa(records, make_tokenizer(), with_labels=False)
    assert [window.example_index for window in encoding.windows] == [0, 1, 2]
    assert "start_positions" not in encoding.features[0]
    offsets = encoding.windows[0].offsets
    assert offsets[:3] == (None, None, None)  # [CLS] who ? ...
    assert [o for o in offsets if o is not None] == [(0, 4), (5, 8), (9, 13), (14, 15)]
    assert [(e.doc_index, e.question_index) for e in encoding.examples] == [(0, 0), (1, 0), (1, 1)]


@pytest.mark.parametrize(
    ("context", "answer_text"),
    [
        ("张三在北京大学学习，他很喜欢北京。", "北京大学"),
        ("i love 😀😀 films and london", "london"),
    ],
)
def test_chinese_and_emoji_answers_map_back_to_exact_characters(
    context: str, answer_text: str
) -> None:
    start = context.index(answer_text)
    question = Question("where ?", [Answer(start, start + len(answer_text))])
    encoding = encode_qa([record(context, question)], make_tokenizer())
    (prediction,) = predict_answers(collect_candidates(encoding, *gold_logits(encoding)))
    assert (prediction.start, prediction.end, prediction.text) == (
        start,
        start + len(answer_text),
        answer_text,
    )


def test_unanswerable_questions_point_at_cls_and_predict_no_answer() -> None:
    question = Question("who won ?", no_answer=True)
    encoding = encode_qa(
        [record(LONG_CONTEXT, question)], make_tokenizer(), max_length=48, stride=16
    )
    assert {(f["start_positions"], f["end_positions"]) for f in encoding.features} == {(0, 0)}
    candidates = collect_candidates(encoding, *gold_logits(encoding))
    (prediction,) = predict_answers(candidates)
    assert prediction.no_answer and prediction.text == ""
    assert prediction.confidence == pytest.approx(candidates[0].null_probability)
    assert not predict_answers(candidates, null_threshold=math.inf)[0].no_answer


def test_n_best_skips_invalid_pairs_and_picks_the_best_valid_span() -> None:
    context = "john smith visited new york in london"
    encoding = encode_qa([record(context, Question("who ?"))], make_tokenizer(), with_labels=False)
    offsets = encoding.windows[0].offsets
    token = {context[o[0] : o[1]]: i for i, o in enumerate(offsets) if o is not None}
    start, end = np.zeros(20), np.zeros(20)
    start[1], end[1] = 20.0, 20.0  # "who": a question token is never an answer
    start[token["london"]], end[token["john"]] = 9.0, 9.0  # end before start
    start[token["new"]], end[token["york"]] = 5.0, 6.0  # the best valid pair
    start[0], end[0] = 1.0, 1.0
    candidates = collect_candidates(encoding, [start], [end], n_best=5, max_answer_length=30)
    best = candidates[0].best
    assert (best[0].text, best[0].start, best[0].end) == ("new york", 19, 27)
    assert best[0].score == pytest.approx(11.0)
    assert all(c.start < c.end and c.text == context[c.start : c.end] for c in best)
    assert [c.score for c in best] == sorted((c.score for c in best), reverse=True)
    assert candidates[0].null_score == pytest.approx(2.0)
    shorter = collect_candidates(encoding, [start], [end], max_answer_length=1)
    assert shorter[0].best[0].text != "new york"
    probabilities = [c.probability for c in candidates[0].best] + [candidates[0].null_probability]
    assert sum(probabilities) == pytest.approx(1.0)


def test_null_answer_wins_only_beyond_the_threshold() -> None:
    first = AnswerCandidate(0, 5, "paris", 3.0, 0.6)
    candidates = [QaCandidates((first,), 4.0, 0.4)]
    assert predict_answers(candidates)[0].no_answer
    assert predict_answers(candidates, null_threshold=1.0)[0].text == "paris"


def test_null_threshold_is_tuned_for_f1() -> None:
    def example(margin: float, text: str) -> QaCandidates:
        return QaCandidates((AnswerCandidate(0, len(text), text, 0.0, 0.5),), margin, 0.5)

    candidates = [
        example(-2.0, "paris"),
        example(1.0, "london"),
        example(3.0, "rome"),
        example(5.0, "oslo"),
    ]
    golds = [["paris"], ["london"], [], []]
    threshold = tune_null_threshold(candidates, golds)
    assert threshold == pytest.approx(1.0)
    assert [p.no_answer for p in predict_answers(candidates, threshold)] == [
        False,
        False,
        True,
        True,
    ]
    spanless = [QaCandidates((), 0.0, 1.0)]
    assert tune_null_threshold(spanless, [[]]) == 0.0
    assert predict_answers(spanless, math.inf)[0].no_answer


def test_long_questions_are_clipped_and_impossible_settings_rejected() -> None:
    question = Question("what " * 100, [Answer(0, 4)])
    records = [record("john met mary", question)]
    encoding = encode_qa(records, make_tokenizer(), max_length=32, stride=8, max_question_length=8)
    assert (
        encoding.features[0]["input_ids"].count(make_tokenizer().convert_tokens_to_ids("what")) == 8
    )
    assert encoding.features[0]["start_positions"] == 10
    with pytest.raises(ValueError, match="stride"):
        encode_qa(
            [record("john", question)],
            make_tokenizer(),
            max_length=32,
            stride=24,
            max_question_length=8,
        )


def test_records_without_questions_encode_to_nothing() -> None:
    assert qa_examples([DocumentRecord("text")]) == []
    encoding = encode_qa([DocumentRecord("text")], make_tokenizer())
    assert encoding.features == [] and collect_candidates(encoding, [], []) == []
