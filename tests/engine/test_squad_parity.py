"""``eval``'s QA scores equal the official SQuAD v1.1 and v2.0 scripts' on the same predictions.

The reference below restates the official evaluation scripts (evaluate-v1.1.py and
evaluate-v2.0.py from https://rajpurkar.github.io/SQuAD-explorer/): the same answer
normalisation, exact match, token F1 and, for v2.0, the dropping of gold answers that
normalise to nothing, with "" the only right answer to an unanswerable question.
"""

from __future__ import annotations

import re
import string
from collections import Counter

import pytest

from ptcore.engine.metrics import qa_metrics


def official_normalize(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in set(string.punctuation))
    s = re.sub(re.compile(r"\b(a|an|the)\b", re.UNICODE), " ", s)
    return " ".join(s.split())


def v11_f1(prediction: str, truth: str) -> float:
    pred, gold = official_normalize(prediction).split(), official_normalize(truth).split()
    same = sum((Counter(pred) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def v11(predictions: list[str], golds: list[list[str]]) -> tuple[float, float]:
    em = sum(
        max(float(official_normalize(p) == official_normalize(g)) for g in gs)
        for p, gs in zip(predictions, golds, strict=False)
    )
    f1 = sum(max(v11_f1(p, g) for g in gs) for p, gs in zip(predictions, golds, strict=False))
    return 100 * em / len(golds), 100 * f1 / len(golds)


def v20_f1(gold: str, prediction: str) -> float:
    gold_toks, pred_toks = official_normalize(gold).split(), official_normalize(prediction).split()
    if not gold_toks or not pred_toks:
        return float(gold_toks == pred_toks)
    return v11_f1(prediction, gold)


def v20(predictions: list[str], golds: list[list[str]]) -> tuple[float, float]:
    em = f1 = 0.0
    for prediction, answers in zip(predictions, golds, strict=False):
        kept = [a for a in answers if official_normalize(a)] or [""]
        em += max(float(official_normalize(a) == official_normalize(prediction)) for a in kept)
        f1 += max(v20_f1(a, prediction) for a in kept)
    return 100 * em / len(golds), 100 * f1 / len(golds)


ANSWERABLE = [
    ("Denver Broncos", ["Denver Broncos", "The Denver Broncos", "Broncos"]),
    ("the Broncos won", ["Broncos"]),
    ("Beijing", ["Beijing (北京)", "北京"]),  # Latin and CJK in an English corpus
    ("Santa Clara, California", ["Santa Clara", "Santa Clara", "Levi's Stadium"]),
    ("1990s", ["the 1990s"]),
    ("", ["Paris"]),
]
UNANSWERABLE = [("", []), ("the", []), ("a.", []), ("Paris", [])]


def split(cases: list[tuple[str, list[str]]]) -> tuple[list[str], list[list[str]]]:
    return [p for p, _ in cases], [g for _, g in cases]


def project_scores(cases: list[tuple[str, list[str]]]) -> tuple[float, float]:
    metrics = qa_metrics([p for p, _ in cases], [g for _, g in cases])
    return 100 * metrics["exact_match"], 100 * metrics["f1"]


def test_v11_parity_on_answerable_questions() -> None:
    assert project_scores(ANSWERABLE) == pytest.approx(
        v11(*map(list, zip(*ANSWERABLE, strict=False)))
    )


def test_v20_parity_including_answers_that_normalise_to_nothing() -> None:
    cases = ANSWERABLE + UNANSWERABLE
    assert project_scores(cases) == pytest.approx(v20(*split(cases)))


def test_unanswerable_the_counts_as_no_answer() -> None:
    assert project_scores([("the", [])]) == (100.0, 100.0)
