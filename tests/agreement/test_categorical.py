"""Cohen's κ and Krippendorff's α on document labels, against numbers worked out by hand."""

from __future__ import annotations

import pytest

from ptcore.agreement import agreement_report
from tests.agreement.views import labelled

# Two annotators, ten documents: 4 both POS, 3 both NEG, 2 POS/NEG, 1 NEG/POS.
PAIRS = [("POS", "POS")] * 4 + [("NEG", "NEG")] * 3 + [("POS", "NEG")] * 2 + [("NEG", "POS")]


def two_annotators(pairs: list[tuple[str, str]]) -> dict:
    return {
        i: {"ann": labelled(i, a), "bob": labelled(i, b)} for i, (a, b) in enumerate(pairs, start=1)
    }


def test_two_annotators_kappa_matches_the_textbook_formula() -> None:
    report = agreement_report(two_annotators(PAIRS), "classification", ["POS", "NEG"])
    # p_o = 7/10; ann POS 6/10, bob POS 5/10: p_e = .6*.5 + .4*.5 = .5; κ = (.7-.5)/.5 = .4
    assert report.overall.values["kappa"] == pytest.approx(0.4)
    assert report.overall.values["observed"] == pytest.approx(0.7)
    assert report.overall.items == 10 and report.overall.documents == 10
    assert report.pairs[0].overall.values["kappa"] == pytest.approx(0.4)
    assert (report.pairs[0].first, report.pairs[0].second) == ("ann", "bob")
    # single-label with two labels: each label's yes/no decision is the same table
    assert report.labels["POS"].values["kappa"] == pytest.approx(0.4)


def test_alpha_for_two_annotators_matches_krippendorff_by_hand() -> None:
    report = agreement_report(two_annotators(PAIRS), "classification", ["POS", "NEG"])
    # coincidences: POS-POS 8, NEG-NEG 6, POS-NEG 3+3; n=20, n_POS=11, n_NEG=9
    # α = 1 - (n-1) * o_PN*2 / (n_POS*n_NEG*2) = 1 - 19*6/(2*99) = 1 - 114/198
    assert report.overall.values["alpha"] == pytest.approx(1 - 114 / 198)


def test_everyone_choosing_one_label_leaves_kappa_undefined_not_a_crash() -> None:
    report = agreement_report(
        two_annotators([("POS", "POS")] * 3), "classification", ["POS", "NEG"]
    )
    assert report.overall.values["kappa"] is None  # chance agreement is already 1
    assert report.overall.values["alpha"] is None
    assert report.overall.values["observed"] == 1.0
    assert report.labels["NEG"].values["kappa"] is None  # a label nobody used
    assert report.to_json()["overall"]["kappa"] is None


def test_perfect_agreement_with_variety_is_one() -> None:
    report = agreement_report(
        two_annotators([("POS", "POS"), ("NEG", "NEG")]), "classification", ["POS", "NEG"]
    )
    assert report.overall.values["kappa"] == 1.0 and report.overall.values["alpha"] == 1.0


def test_only_documents_two_annotators_finished_count() -> None:
    views = two_annotators(PAIRS)
    views[11] = {"ann": labelled(11, "POS"), "bob": labelled(11, "NEG", status="unlabeled")}
    views[12] = {"ann": labelled(12, "POS")}
    report = agreement_report(views, "classification", ["POS", "NEG"])
    assert (report.annotated, report.compared) == (12, 10)
    assert report.overall.values["kappa"] == pytest.approx(0.4)


def test_one_annotator_gives_no_numbers() -> None:
    views = {i: {"ann": labelled(i, "POS")} for i in range(3)}
    report = agreement_report(views, "classification", ["POS", "NEG"])
    assert report.compared == 0 and report.pairs == ()
    assert set(report.overall.values.values()) == {None}
    assert report.overall.items == 0


def test_three_annotators_alpha_takes_missing_judgements() -> None:
    views = {
        1: {"a": labelled(1, "X"), "b": labelled(1, "X"), "c": labelled(1, "X")},
        2: {"a": labelled(2, "Y"), "b": labelled(2, "Y")},
        3: {"a": labelled(3, "X"), "c": labelled(3, "Y")},
    }
    report = agreement_report(views, "classification", ["X", "Y"])
    assert [(p.first, p.second, p.overall.items) for p in report.pairs] == [
        ("a", "b", 2),
        ("a", "c", 2),
        ("b", "c", 1),
    ]
    # coincidences o_ck = sum over units of c-k pairs / (judgements - 1):
    # doc 1 X-X 6/2 = 3, doc 2 Y-Y 2/1 = 2, doc 3 X-Y 1, Y-X 1; n_X = 4, n_Y = 3, n = 7
    # α = 1 - (n - 1) * (o_XY + o_YX) / (n_X*n_Y + n_Y*n_X) = 1 - 6*2/24
    assert report.overall.values["alpha"] == pytest.approx(0.5)
    # overall κ: the mean of the defined pair κs (b-c's single document leaves its κ undefined)
    kappas = [p.overall.values["kappa"] for p in report.pairs]
    assert kappas[2] is None
    assert report.overall.values["kappa"] == pytest.approx((kappas[0] + kappas[1]) / 2)


def test_multilabel_overall_pools_every_yes_no_decision() -> None:
    views = {
        1: {"ann": labelled(1, "A", "B"), "bob": labelled(1, "A")},
        2: {"ann": labelled(2, "B"), "bob": labelled(2, "B")},
    }
    report = agreement_report(views, "multilabel", ["A", "B", "C"])
    # decisions (ann, bob): A yes/yes no/no, B yes/no yes/yes, C no/no no/no
    assert report.overall.items == 6
    assert report.overall.values["observed"] == pytest.approx(5 / 6)
    # ann yes 3/6, bob yes 2/6: p_e = .5*(2/6) + .5*(4/6) = .5; κ = (5/6 - .5)/.5 = 2/3
    assert report.overall.values["kappa"] == pytest.approx(2 / 3)
    assert report.labels["A"].values["kappa"] == 1.0
    assert report.labels["C"].values["kappa"] is None
    assert report.labels["C"].items == 2


def test_no_labels_at_all_is_undefined_not_a_crash() -> None:
    views = {1: {"ann": labelled(1), "bob": labelled(1)}}
    for task in ("classification", "multilabel"):
        report = agreement_report(views, task, [])
        assert report.compared == 1 and report.labels == {}
        assert report.overall.values["kappa"] is None
