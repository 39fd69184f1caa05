"""Span F1 between annotators, exact and overlapping, against matches counted by hand."""

from __future__ import annotations

import pytest

from ptcore.agreement import agreement_report
from ptcore.agreement.spans import overlap_matches
from ptcore.store.views import Entity
from tests.agreement.views import spanned

VIEWS = {
    # exact PER, overlapping LOC (0-5 vs 2-7), ann-only ORG
    1: {
        "ann": spanned(1, (0, 5, "LOC"), (10, 15, "PER"), (20, 25, "ORG")),
        "bob": spanned(1, (2, 7, "LOC"), (10, 15, "PER")),
    },
    # exact LOC, bob's PER overlaps ann's LOC but labels differ: no match
    2: {"ann": spanned(2, (0, 4, "LOC")), "bob": spanned(2, (0, 4, "LOC"), (1, 3, "PER"))},
    3: {"ann": spanned(3), "bob": spanned(3)},  # both finished, nothing to mark
}


def test_exact_and_overlap_f1_count_matches_micro_over_documents() -> None:
    report = agreement_report(VIEWS, "ner", ["PER", "LOC", "ORG", "MISC"])
    # spans: ann 4, bob 4 -> 8; exact: PER (doc 1), LOC (doc 2) -> 2; overlap adds LOC doc 1 -> 3
    assert report.overall.values["exact_f1"] == pytest.approx(2 * 2 / 8)
    assert report.overall.values["overlap_f1"] == pytest.approx(2 * 3 / 8)
    assert (report.overall.items, report.overall.documents) == (8, 3)
    # LOC: 4 spans, 1 exact, 2 overlapping; PER: 3 spans, 1 exact; ORG: 1 span, none
    assert report.labels["LOC"].values == pytest.approx({"exact_f1": 0.5, "overlap_f1": 1.0})
    assert report.labels["PER"].values["exact_f1"] == pytest.approx(2 / 3)
    assert report.labels["ORG"].values["exact_f1"] == 0.0
    assert report.labels["MISC"].values["exact_f1"] is None  # nobody used it
    assert report.labels["MISC"].items == 0
    assert report.pairs[0].overall == report.overall


def test_f1_is_the_same_whichever_annotator_is_the_reference() -> None:
    swapped = {i: {"ann": views["bob"], "bob": views["ann"]} for i, views in VIEWS.items()}
    assert (
        agreement_report(swapped, "ner", []).overall == agreement_report(VIEWS, "ner", []).overall
    )


def test_one_long_span_matches_only_one_of_the_short_ones_it_overlaps() -> None:
    long = [Entity(0, 0, 30, "LOC", "human")]
    short = [Entity(i, start, start + 5, "LOC", "human") for i, start in enumerate((0, 10, 20))]
    assert overlap_matches(long, short) == 1
    # a greedy pass would pair a with c and leave b alone; the maximum matching pairs both
    first = [Entity(0, 0, 10, "X", "human"), Entity(1, 12, 14, "X", "human")]
    second = [Entity(0, 5, 13, "X", "human"), Entity(1, 8, 9, "X", "human")]
    assert overlap_matches(first, second) == 2


def test_no_overlap_at_all_is_zero_and_no_spans_is_undefined() -> None:
    apart = {1: {"ann": spanned(1, (0, 3, "PER")), "bob": spanned(1, (5, 9, "PER"))}}
    report = agreement_report(apart, "ner", ["PER"])
    assert report.overall.values == {"exact_f1": 0.0, "overlap_f1": 0.0}
    empty = agreement_report({1: {"ann": spanned(1), "bob": spanned(1)}}, "ner", ["PER"])
    assert empty.overall.values == {"exact_f1": None, "overlap_f1": None}
    assert empty.compared == 1 and empty.overall.documents == 1


def test_three_annotators_pool_pair_counts_and_count_each_span_once() -> None:
    views = {
        1: {
            "a": spanned(1, (0, 4, "PER")),
            "b": spanned(1, (0, 4, "PER")),
            "c": spanned(1, (0, 5, "PER")),
        }
    }
    report = agreement_report(views, "ner", ["PER"])
    # pairs a-b 1 exact of 2, a-c 0 of 2, b-c 0 of 2: pooled 2*1/6; overlap 2*3/6
    assert report.overall.values == pytest.approx({"exact_f1": 1 / 3, "overlap_f1": 1.0})
    assert report.overall.items == 3  # three spans, one per annotator
    assert [p.overall.items for p in report.pairs] == [2, 2, 2]
