"""``ptcore agreement --json`` on projects two annotators labelled: κ and span F1 equal a
reference worked out here, independently of scikit-learn and of the agreement package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

import pytest

from ptcore.records import DocumentRecord
from ptcore.store.project import Project
from tests.agreement.team_projects import team_project

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

# Twelve reviews; ann's and bob's labels of each.
ANN = ["pos", "pos", "neg", "neu", "pos", "neg", "neg", "pos", "neu", "pos", "neg", "pos"]
BOB = ["pos", "neg", "neg", "neu", "pos", "neg", "pos", "pos", "pos", "pos", "neu", "pos"]


def agreement_json(project: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "ptcore", "agreement", str(project), "--json"],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    return json.loads(done.stdout)


def textbook_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen (1960): (p_o - p_e) / (1 - p_e), p_e from each rater's own label shares."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    shares_first, shares_second = Counter(first), Counter(second)
    expected = sum(shares_first[c] * shares_second[c] for c in shares_first) / n**2
    return (observed - expected) / (1 - expected)


def test_classification_kappa_equals_the_textbook_formula(tmp_path: Path) -> None:
    texts = [f"review {i}" for i in range(1, 15)]
    work = {
        "ann": {i: [label] for i, label in enumerate(ANN, 1)} | {13: ["pos"]},  # 13: ann alone
        "bob": {i: [label] for i, label in enumerate(BOB, 1)},
    }
    project = team_project(tmp_path / "c.db", "classification", ["pos", "neg", "neu"], texts, work)
    found = agreement_json(project)
    assert found["annotators"] == ["ann", "bob"]
    assert found["documents"] == {"annotated": 13, "compared": 12}
    assert found["overall"]["kappa"] == pytest.approx(textbook_kappa(ANN, BOB))
    assert found["overall"]["items"] == 12 and found["overall"]["documents"] == 12
    assert found["pairs"][0]["annotators"] == ["ann", "bob"]
    assert found["pairs"][0]["overall"]["kappa"] == pytest.approx(textbook_kappa(ANN, BOB))
    for label in ("pos", "neg", "neu"):  # per label: the yes/no decision "is it <label>"
        yes_no = textbook_kappa([a == label for a in ANN], [b == label for b in BOB])
        assert found["labels"][label]["kappa"] == pytest.approx(yes_no)


Span = tuple[int, int, str]

ANN_SPANS: dict[int, list[Span]] = {
    1: [(0, 4, "PER"), (9, 13, "PER")],
    2: [(0, 5, "LOC"), (15, 21, "ORG")],
    3: [(0, 3, "ORG"), (10, 16, "LOC")],
    4: [],
}
BOB_SPANS: dict[int, list[Span]] = {
    1: [(0, 4, "PER"), (9, 13, "LOC")],
    2: [(0, 5, "LOC"), (17, 21, "ORG")],
    3: [(0, 3, "ORG"), (10, 16, "LOC"), (20, 24, "PER")],
    4: [],
}


def hand_f1(label: str | None, same: Callable[[Span, Span], bool]) -> float:
    """2·matches / all spans, each of ann's spans matched to at most one of bob's."""
    matches = spans = 0
    for document_id in ANN_SPANS:
        mine = [s for s in ANN_SPANS[document_id] if label in (None, s[2])]
        theirs = [s for s in BOB_SPANS[document_id] if label in (None, s[2])]
        spans += len(mine) + len(theirs)
        free = list(theirs)
        for span in mine:
            partner = next((other for other in free if same(span, other)), None)
            if partner is not None:
                free.remove(partner)
                matches += 1
    return 2 * matches / spans


def exact(a: Span, b: Span) -> bool:
    return a == b


def overlapping(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def test_ner_span_f1_equals_matches_counted_by_hand(tmp_path: Path) -> None:
    texts = [
        "John met Mary there.",
        "Paris hosts the ACME Corp.",
        "IBM opened Berlin to Anna.",
        "x",
    ]
    work = {"ann": ANN_SPANS, "bob": BOB_SPANS}
    project = team_project(tmp_path / "n.db", "ner", ["PER", "LOC", "ORG", "MISC"], texts, work)
    found = agreement_json(project)
    assert list(found) == [
        "task",
        "items",
        "metrics",
        "annotators",
        "documents",
        "overall",
        "labels",
        "pairs",
    ]
    assert found["items"] == "spans" and found["metrics"] == ["exact_f1", "overlap_f1"]
    assert list(found["pairs"][0]) == ["annotators", "overall", "labels"]
    # by hand: exact PER 1, LOC 2, ORG 1 of 13 spans; overlap adds ORG 15-21 ~ 17-21
    assert (
        found["overall"]["exact_f1"] == pytest.approx(hand_f1(None, exact)) == pytest.approx(8 / 13)
    )
    assert found["overall"]["overlap_f1"] == pytest.approx(hand_f1(None, overlapping))
    assert found["overall"]["overlap_f1"] == pytest.approx(10 / 13)
    for label in ("PER", "LOC", "ORG"):
        assert found["labels"][label]["exact_f1"] == pytest.approx(hand_f1(label, exact))
        assert found["labels"][label]["overlap_f1"] == pytest.approx(hand_f1(label, overlapping))
    assert found["labels"]["MISC"]["exact_f1"] is None and found["labels"]["MISC"]["items"] == 0
    assert found["overall"]["items"] == 13 and found["documents"]["compared"] == 4


def test_the_table_names_what_each_number_rests_on(tmp_path: Path) -> None:
    work = {"ann": {1: ["pos"], 2: ["neg"]}, "bob": {1: ["pos"], 2: ["pos"]}}
    project = team_project(tmp_path / "t.db", "classification", ["pos", "neg"], ["a", "b"], work)
    done = subprocess.run(
        [sys.executable, "-m", "ptcore", "agreement", str(project)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert "annotators: ann, bob" in lines
    assert "documents: 2 finished by two or more annotators (of 2 annotated)" in done.stdout
    header = next(line for line in lines if "Cohen's κ" in line)
    assert header.split()[-2:] == ["decisions", "documents"]
    assert any(line.startswith("pair ann / bob") for line in lines)
    assert any(line.startswith("label neg") for line in lines)


def test_a_single_person_project_is_told_what_agreement_needs(tmp_path: Path) -> None:
    path = tmp_path / "solo.db"
    with Project.create(path, "classification", ["pos"]) as project:
        project.import_records([DocumentRecord("a", labels=["pos"], line=1)], path)
    done = subprocess.run(
        [sys.executable, "-m", "ptcore", "agreement", str(path)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    assert "No annotator's own work is stored" in done.stdout and "--overlap" in done.stdout
    assert agreement_json(path)["documents"] == {"annotated": 0, "compared": 0}
