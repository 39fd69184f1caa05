"""EM and F1 between annotators' QA answers, scored as the project scores answers."""

from __future__ import annotations

import pytest

from ptcore.agreement import agreement_report
from tests.agreement.views import answered

TEXT = "The Eiffel Tower stands in Paris, France, since 1889."


def test_em_and_f1_between_two_annotators_answers() -> None:
    views = {
        1: {
            "ann": answered(TEXT, "Paris", "1889", "Eiffel Tower", None),
            "bob": answered(TEXT, "Paris, France", "1889", "The Eiffel Tower", None),
        }
    }
    report = agreement_report(views, "qa")
    # q0: "paris" vs "paris france": EM 0, F1 2/3; q1, q2 (articles dropped), q3 (both none): 1
    assert report.overall.values["exact_match"] == pytest.approx(3 / 4)
    assert report.overall.values["f1"] == pytest.approx((2 / 3 + 3) / 4)
    assert (report.overall.items, report.overall.documents) == (4, 1)
    assert report.labels == {}


def test_no_answer_against_an_answer_disagrees_both_ways() -> None:
    one = {1: {"ann": answered(TEXT, None), "bob": answered(TEXT, "Paris")}}
    other = {1: {"ann": answered(TEXT, "Paris"), "bob": answered(TEXT, None)}}
    for views in (one, other):
        assert agreement_report(views, "qa").overall.values == {"exact_match": 0.0, "f1": 0.0}


def test_chinese_answers_are_scored_per_character() -> None:
    text = "北京是中国的首都。"
    views = {1: {"ann": answered(text, "北京"), "bob": answered(text, "北京是中国")}}
    report = agreement_report(views, "qa")
    assert report.overall.values["exact_match"] == 0.0
    assert report.overall.values["f1"] == pytest.approx(2 * (2 / 5) * 1 / (2 / 5 + 1))


def test_three_annotators_pool_pairs_and_count_each_question_once() -> None:
    views = {
        1: {
            "a": answered(TEXT, "Paris", "1889"),
            "b": answered(TEXT, "Paris", "1889"),
            "c": answered(TEXT, "France", "1889"),
        }
    }
    report = agreement_report(views, "qa")
    # six comparisons (three pairs x two questions): one "paris"/"france" pair per a-c, b-c
    assert report.overall.values["exact_match"] == pytest.approx(4 / 6)
    assert report.overall.items == 2
    assert [p.overall.items for p in report.pairs] == [2, 2, 2]
