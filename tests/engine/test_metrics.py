"""Metrics against hand-computed values."""

from __future__ import annotations

import json

import pytest

from ptcore.engine.answer_scoring import answer_scores, cmrc_segments, squad_normalize
from ptcore.engine.metrics import (
    classification_metrics,
    multilabel_metrics,
    ner_metrics,
    ner_metrics_from_tags,
    qa_metrics,
)
from ptcore.records import Span


def test_squad_normalisation_drops_case_punctuation_and_articles() -> None:
    assert squad_normalize("The  Denver Broncos!") == "denver broncos"
    assert squad_normalize("an apple, a theory") == "apple theory"


@pytest.mark.parametrize(
    ("prediction", "golds", "exact", "f1"),
    [
        ("the Denver Broncos", ["Denver Broncos"], 1.0, 1.0),
        ("Denver Broncos won", ["Denver Broncos"], 0.0, 0.8),  # P 2/3, R 1
        ("Broncos", ["Carolina Panthers", "the Broncos"], 1.0, 1.0),  # best gold counts
        ("Panthers", ["Denver Broncos"], 0.0, 0.0),
        ("", [], 1.0, 1.0),  # no answer, correctly abstained
        ("Broncos", [], 0.0, 0.0),
        ("", ["Broncos"], 0.0, 0.0),
    ],
)
def test_squad_exact_match_and_f1(
    prediction: str, golds: list[str], exact: float, f1: float
) -> None:
    assert answer_scores(prediction, golds) == pytest.approx((exact, f1))


def test_chinese_answers_are_scored_by_characters_like_cmrc() -> None:
    assert cmrc_segments("《北京》大学 in China。") == ["北", "京", "大", "学", "in", "china"]
    assert answer_scores("北京天安门", ["北京"]) == pytest.approx(
        (0.0, 2 * 0.4 / 1.4)
    )  # P 2/5, R 1
    assert answer_scores("北京。", ["“北京”"]) == (1.0, 1.0)
    # longest common run, not bag of characters: 京北 shares one char run with 北京
    assert answer_scores("京北", ["北京"])[1] == pytest.approx(0.5)


def test_qa_metrics_split_answerable_and_unanswerable_questions() -> None:
    result = qa_metrics(
        ["the Denver Broncos", "Denver Broncos won", "", "Paris"],
        [["Denver Broncos"], ["Denver Broncos"], [], []],
    )
    assert result["exact_match"] == pytest.approx(2 / 4)
    assert result["f1"] == pytest.approx((1 + 0.8 + 1 + 0) / 4)
    assert result["has_answer"] == pytest.approx({"exact_match": 0.5, "f1": 0.9, "count": 2})
    assert result["no_answer"] == pytest.approx({"exact_match": 0.5, "f1": 0.5, "count": 2})
    json.dumps(result)


def test_seqeval_entity_scores_on_a_hand_made_case() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-LOC", "I-LOC", "O"]]
    predicted = [["B-PER", "I-PER", "O", "B-ORG"], ["I-LOC", "I-LOC", "O"]]  # stray I- is repaired
    result = ner_metrics_from_tags(gold, predicted)
    assert (result["precision"], result["recall"], result["f1"]) == pytest.approx(
        (2 / 3, 2 / 3, 2 / 3)
    )
    assert result["per_label"]["PER"] == pytest.approx(
        {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    )
    assert result["per_label"]["LOC"] == pytest.approx(
        {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    )
    assert result["per_label"]["ORG"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    )
    assert result["macro_f1"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    json.dumps(result)


def test_seqeval_is_strict_about_boundaries() -> None:
    result = ner_metrics_from_tags([["B-PER", "I-PER"]], [["B-PER", "O"]])
    assert result["f1"] == 0.0


def test_ner_metrics_compare_character_spans_through_words() -> None:
    texts = ["张三在北京。", "john smith 😀 visited paris"]
    gold = [[Span(0, 2, "PER"), Span(3, 5, "LOC")], [Span(0, 10, "PER"), Span(21, 26, "LOC")]]
    predicted = [[Span(0, 2, "PER"), Span(3, 4, "LOC")], [Span(0, 10, "PER"), Span(21, 26, "LOC")]]
    result = ner_metrics(texts, gold, predicted)
    assert (result["precision"], result["recall"]) == pytest.approx((3 / 4, 3 / 4))
    assert ner_metrics([""], [[]], [[]])["f1"] == 0.0


def test_classification_metrics_match_hand_computation() -> None:
    result = classification_metrics(
        ["a", "a", "b", "c"], ["a", "b", "b", "a"], ["a", "b", "c", "d"]
    )
    assert result["accuracy"] == pytest.approx(0.5)
    assert result["per_label"]["a"] == pytest.approx(
        {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    )
    assert result["per_label"]["b"] == pytest.approx(
        {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1}
    )
    assert result["per_label"]["c"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    )
    assert result["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)  # unused "d" left out
    assert result["confusion_matrix"]["matrix"] == [
        [1, 1, 0, 0],
        [0, 1, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 0],
    ]
    json.dumps(result)


def test_multilabel_metrics_match_hand_computation() -> None:
    gold = [{"x", "y"}, {"y"}, set()]
    predicted = [{"x"}, {"y", "z"}, set()]
    result = multilabel_metrics(gold, predicted, ["x", "y", "z"])
    assert result["subset_accuracy"] == result["accuracy"] == pytest.approx(1 / 3)
    assert result["micro_f1"] == pytest.approx(2 * 2 / (3 + 3))
    assert result["samples_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1.0) / 3)
    assert result["per_label"]["y"] == pytest.approx(
        {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    )
    assert result["macro_f1"] == pytest.approx((1.0 + 2 / 3 + 0.0) / 3)
    json.dumps(result)


def test_empty_inputs_give_zeros_not_errors() -> None:
    assert classification_metrics([], [], ["a"])["accuracy"] == 0.0
    assert multilabel_metrics([], [], ["a"])["samples_f1"] == 0.0
    assert qa_metrics([], [])["f1"] == 0.0
