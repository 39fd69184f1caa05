"""From QA start/end logits to answers: n-best spans, the null answer, its threshold.

As in transformers' ``utils_qa.py``: in every window of an example, the ``n_best``
highest start and end logits are paired into spans that lie in the context, run forward
and are at most ``max_answer_length`` tokens long; a span's score is start + end logit.
The null (no-answer) score is the classifier token's start + end logit, the lowest over
the example's windows. The answer is the best span unless the null score beats it by
more than a threshold tuned on dev. Confidence is a softmax over the n-best scores and
the null score together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ptcore.engine.answer_scoring import answer_scores
from ptcore.engine.tasks.common import softmax
from ptcore.engine.tasks.qa import QaEncoding, QaFeature

DEFAULT_N_BEST = 20
DEFAULT_MAX_ANSWER_LENGTH = 30
DEFAULT_NULL_THRESHOLD = 0.0


@dataclass(frozen=True)
class AnswerCandidate:
    """A span ``context[start:end]`` proposed by the model."""

    start: int
    end: int
    text: str
    score: float
    probability: float


@dataclass(frozen=True)
class QaCandidates:
    """All an example's windows propose: n-best spans (best first) and the null answer."""

    best: tuple[AnswerCandidate, ...]
    null_score: float
    null_probability: float

    @property
    def null_margin(self) -> float:
        """How far the null score beats the best span (infinite when there is no span)."""
        return self.null_score - self.best[0].score if self.best else float("inf")


@dataclass(frozen=True)
class QaPrediction:
    """The chosen answer; ``start``/``end`` are None (and ``text`` empty) for no answer."""

    text: str
    start: int | None
    end: int | None
    confidence: float

    @property
    def no_answer(self) -> bool:
        return self.start is None


def collect_candidates(
    encoding: QaEncoding,
    start_logits: np.ndarray | Sequence[np.ndarray],
    end_logits: np.ndarray | Sequence[np.ndarray],
    *,
    n_best: int = DEFAULT_N_BEST,
    max_answer_length: int = DEFAULT_MAX_ANSWER_LENGTH,
) -> list[QaCandidates]:
    """The candidates of every example, from logits of shape (features, tokens)."""
    spans: list[dict[tuple[int, int], float]] = [{} for _ in encoding.examples]
    null = [float("inf")] * len(encoding.examples)
    for window, starts, ends in zip(encoding.windows, start_logits, end_logits, strict=True):
        found = spans[window.example_index]
        for key, score in _window_spans(
            window, np.asarray(starts), np.asarray(ends), n_best, max_answer_length
        ):
            found[key] = max(score, found.get(key, -np.inf))
        cls_score = float(starts[window.cls_index] + ends[window.cls_index])
        null[window.example_index] = min(null[window.example_index], cls_score)
    return [
        _rank(example.context, found, null_score, n_best)
        for example, found, null_score in zip(encoding.examples, spans, null, strict=True)
    ]


def _window_spans(
    window: QaFeature, starts: np.ndarray, ends: np.ndarray, n_best: int, max_length: int
) -> list[tuple[tuple[int, int], float]]:
    """Valid (char start, char end) spans of one window with their scores."""
    offsets = window.offsets
    tops = [int(i) for i in np.argsort(-starts, kind="stable")[:n_best] if i < len(offsets)]
    bottoms = [int(i) for i in np.argsort(-ends, kind="stable")[:n_best] if i < len(offsets)]
    spans = []
    for first in tops:
        for last in bottoms:
            begin, finish = offsets[first], offsets[last]
            if begin is None or finish is None or not 0 <= last - first < max_length:
                continue
            spans.append(((begin[0], finish[1]), float(starts[first] + ends[last])))
    return spans


def _rank(
    context: str, spans: dict[tuple[int, int], float], null_score: float, n_best: int
) -> QaCandidates:
    """The ``n_best`` distinct spans by score, with probabilities shared with the null answer."""
    ranked = sorted(spans.items(), key=lambda item: -item[1])[:n_best]
    probabilities = softmax(np.array([score for _, score in ranked] + [null_score]))
    best = tuple(
        AnswerCandidate(start, end, context[start:end], score, float(probability))
        for ((start, end), score), probability in zip(ranked, probabilities, strict=False)
    )
    return QaCandidates(best, null_score, float(probabilities[-1]))


def predict_answers(
    candidates: Sequence[QaCandidates], null_threshold: float = DEFAULT_NULL_THRESHOLD
) -> list[QaPrediction]:
    """Best span per example, or no answer when the null score wins by more than the
    threshold. Pass ``math.inf`` when every question is known to have an answer."""
    predictions = []
    for example in candidates:
        if not example.best or example.null_margin > null_threshold:
            predictions.append(QaPrediction("", None, None, example.null_probability))
        else:
            top = example.best[0]
            predictions.append(QaPrediction(top.text, top.start, top.end, top.probability))
    return predictions


def tune_null_threshold(
    candidates: Sequence[QaCandidates], golds: Sequence[Sequence[str]]
) -> float:
    """The null threshold that maximises mean F1 on dev (an empty gold list: no answer).

    Sorted by null margin, answering the k lowest-margin examples is tried for every
    distinct margin at once; ties go to the threshold nearest 0.
    """
    margins = np.array([example.null_margin for example in candidates])
    gain = np.array(
        [_answer_gain(example, gold) for example, gold in zip(candidates, golds, strict=True)]
    )
    order = np.argsort(margins, kind="stable")
    margins, gain = margins[order], gain[order]
    finite = margins[np.isfinite(margins)]
    if finite.size == 0:
        return DEFAULT_NULL_THRESHOLD
    cuts = np.concatenate(([0], np.flatnonzero(finite[:-1] < finite[1:]) + 1, [finite.size]))
    totals = np.concatenate(([0.0], np.cumsum(gain)))[cuts]
    thresholds = np.where(cuts == 0, finite[0] - 1.0, finite[np.maximum(cuts - 1, 0)])
    best = max(range(len(cuts)), key=lambda i: (totals[i], -abs(thresholds[i])))
    return float(thresholds[best])


def _answer_gain(example: QaCandidates, gold: Sequence[str]) -> float:
    """F1 gained by answering with the best span instead of abstaining (0 without a span)."""
    if not example.best:
        return 0.0
    return answer_scores(example.best[0].text, gold)[1] - float(not gold)
