"""Exact match and F1 of one predicted answer against its gold answers.

English-like text is scored the way the official SQuAD (v1.1/v2.0) script does: lower
case, drop ASCII punctuation and the articles a/an/the, collapse whitespace, then
compare tokens as bags. Text with CJK characters is scored the way CMRC 2018's script
does: every CJK character is a token, punctuation (Chinese too) is removed, and F1 uses
the longest common substring of the token lists. (CMRC splits the non-CJK remainder
with NLTK; whitespace splitting is used here instead.) Which of the two applies is the
corpus's choice (``corpus_is_chinese``), not each question's: the official script of a
dataset scores every question alike, Latin-and-CJK answers included.

As in the official SQuAD v2.0 script, gold answers that normalise to nothing are
dropped, and a question left without gold is unanswerable: its only correct prediction
is one that normalises to nothing ("", "the", "a.").
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

from ptcore.engine.tasks.common import contains_cjk, is_cjk_char

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_ASCII_PUNCTUATION = frozenset(string.punctuation)


def answer_scores(
    prediction: str, golds: Sequence[str], chinese: bool | None = None
) -> tuple[float, float]:
    """(exact match, F1) against the best-matching gold answer.

    No gold answers means the question has no answer. ``chinese`` chooses CMRC scoring;
    None decides from this question's own text (for callers without a corpus).
    """
    if chinese is None:
        chinese = contains_cjk(prediction) or any(contains_cjk(gold) for gold in golds)
    if not chinese:
        golds = [gold for gold in golds if squad_normalize(gold)] or [""]
        exact, f1 = _squad_exact, _squad_f1
    elif not golds:
        score = float(not _strip_punctuation(prediction).strip())
        return score, score
    else:
        exact, f1 = _cmrc_exact, _cmrc_f1
    return max(exact(prediction, g) for g in golds), max(f1(prediction, g) for g in golds)


def corpus_is_chinese(golds: Sequence[Sequence[str]]) -> bool:
    """Whether most gold answers of a corpus contain CJK text (then CMRC scoring applies)."""
    answers = [gold for question in golds for gold in question]
    return sum(map(contains_cjk, answers)) * 2 > len(answers)


def squad_normalize(text: str) -> str:
    """SQuAD's answer normalisation: lower, no punctuation, no articles, single spaces."""
    text = "".join(char for char in text.lower() if char not in _ASCII_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def _squad_exact(prediction: str, gold: str) -> float:
    return float(squad_normalize(prediction) == squad_normalize(gold))


def _squad_f1(prediction: str, gold: str) -> float:
    """Token-bag F1; when either side normalises to nothing, 1.0 only if both do."""
    predicted, expected = squad_normalize(prediction).split(), squad_normalize(gold).split()
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    return _f1(common, len(predicted), len(expected))


def _is_punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or unicodedata.category(char).startswith("P")


def _strip_punctuation(text: str) -> str:
    return "".join(char for char in text.lower().strip() if not _is_punctuation(char))


def cmrc_segments(text: str) -> list[str]:
    """CMRC 2018 tokens: each CJK character alone, other runs split on whitespace."""
    segments: list[str] = []
    pending: list[str] = []
    for char in _strip_punctuation(text):
        if is_cjk_char(char):
            segments += [*"".join(pending).split(), char]
            pending = []
        else:
            pending.append(char)
    return segments + "".join(pending).split()


def _cmrc_exact(prediction: str, gold: str) -> float:
    return float(_strip_punctuation(prediction) == _strip_punctuation(gold))


def _cmrc_f1(prediction: str, gold: str) -> float:
    """F1 from the longest common run of tokens, as CMRC 2018 scores it."""
    predicted, expected = cmrc_segments(prediction), cmrc_segments(gold)
    return _f1(_longest_common_run(predicted, expected), len(predicted), len(expected))


def _longest_common_run(first: list[str], second: list[str]) -> int:
    """Length of the longest contiguous token sequence the two lists share."""
    best, previous = 0, [0] * (len(second) + 1)
    for token in first:
        current = [0] * (len(second) + 1)
        for j, other in enumerate(second, start=1):
            if token == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _f1(common: int, predicted: int, expected: int) -> float:
    if common == 0:
        return 0.0
    precision, recall = common / predicted, common / expected
    return 2 * precision * recall / (precision + recall)
