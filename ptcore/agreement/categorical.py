"""Agreement on document labels: Cohen's κ for each pair, Krippendorff's α for all.

Single-label classification compares each document's one label (a finished document with
none counts as the category "(no label)"). Multi-label compares, overall, every yes/no
decision "document carries label L" pooled over documents and labels. Per label, both
compare that label's yes/no decision on each document.

Several annotators: α (nominal) takes any number of them and documents some did not
finish; Fleiss' κ is not computed (no kept library here offers it; α answers the same
question and tolerates missing judgements). The overall κ of more than two annotators is
the mean of the pairs' Cohen's κ (Light's κ); for two it is their Cohen's κ.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score

from ptcore.agreement.report import Findings, PairAgreement, Scores
from ptcore.agreement.selection import Compared

METRICS = ("kappa", "alpha", "observed")


@dataclass(frozen=True)
class Ratings:
    """Each annotator's category (an index) for each unit, NaN where they gave none."""

    codes: np.ndarray  # annotators x units
    documents: np.ndarray  # each unit's document id
    categories: int


def label_findings(compared: Compared, labels: Sequence[str], single_label: bool) -> Findings:
    names = known_labels(compared, labels)
    document_ids = np.array(sorted(compared.documents), dtype=int)
    decisions = decision_codes(compared, names, document_ids)  # annotators x documents x labels
    if single_label:  # the category of each document: its label, or "no label" (the last)
        given = decisions == 1
        unlabelled = ~given.any(axis=2, keepdims=True)  # the last category: "no label"
        chosen = np.concatenate([given, unlabelled], axis=2).argmax(axis=2)
        codes = np.where(finished_mask(compared, document_ids), chosen, np.nan)
        overall_ratings = Ratings(codes, document_ids, len(names) + 1)
    else:  # every yes/no decision of every document
        units = decisions.reshape(len(compared.annotators), -1)
        overall_ratings = Ratings(units, np.repeat(document_ids, len(names)), 2)
    overall, by_pair = rate(overall_ratings, compared)
    per_label = {
        name: rate(Ratings(decisions[:, :, i], document_ids, 2), compared)
        for i, name in enumerate(names)
    }
    pairs = tuple(
        PairAgreement(
            first,
            second,
            scores,
            {name: found[1][first, second] for name, found in per_label.items()},
        )
        for (first, second), scores in by_pair.items()
    )
    return Findings(overall, {name: found[0] for name, found in per_label.items()}, pairs)


def known_labels(compared: Compared, labels: Sequence[str]) -> list[str]:
    """The project's labels in order, then any an annotator used that it lacks."""
    used = {
        name
        for views in compared.documents.values()
        for v in views.values()
        for name in v.label_names
    }
    return [*labels, *sorted(used - set(labels))]


def decision_codes(
    compared: Compared, labels: Sequence[str], document_ids: np.ndarray
) -> np.ndarray:
    """1 where an annotator gave a document a label, 0 where not, NaN where they did not
    finish it: annotators x documents x labels."""
    annotator_index = {name: i for i, name in enumerate(compared.annotators)}
    label_index = {name: i for i, name in enumerate(labels)}
    codes = np.full((len(compared.annotators), len(document_ids), len(labels)), np.nan)
    for column, document_id in enumerate(document_ids):
        for name, view in compared.documents[int(document_id)].items():
            row = annotator_index[name]
            codes[row, column, :] = 0
            for label in view.label_names:
                codes[row, column, label_index[label]] = 1
    return codes


def finished_mask(compared: Compared, document_ids: np.ndarray) -> np.ndarray:
    """Whether each annotator finished each document: annotators x documents."""
    return np.array(
        [
            [name in compared.documents[int(d)] for d in document_ids]
            for name in compared.annotators
        ],
        dtype=bool,
    ).reshape(len(compared.annotators), len(document_ids))


def rate(ratings: Ratings, compared: Compared) -> tuple[Scores, dict[tuple[str, str], Scores]]:
    """Overall scores over all annotators, and each pair's."""
    rows = {name: i for i, name in enumerate(compared.annotators)}
    by_pair = {
        (a, b): _pair_scores(ratings, ratings.codes[[rows[a], rows[b]]]) for a, b in compared.pairs
    }
    kappas = [k for s in by_pair.values() if (k := s.values["kappa"]) is not None]
    agreeing = sum((s.values["observed"] or 0.0) * s.items for s in by_pair.values())
    compared_items = sum(s.items for s in by_pair.values())
    values = {
        "kappa": sum(kappas) / len(kappas) if kappas else None,
        "alpha": alpha(ratings.codes, ratings.categories),
        "observed": agreeing / compared_items if compared_items else None,
    }
    documents = len(np.unique(ratings.documents))
    return Scores(values, ratings.codes.shape[1], documents), by_pair


def _pair_scores(ratings: Ratings, codes: np.ndarray) -> Scores:
    both = ~np.isnan(codes).any(axis=0)
    first, second = codes[0, both].astype(int), codes[1, both].astype(int)
    values = {
        "kappa": cohen_kappa(first, second, ratings.categories),
        "alpha": alpha(codes[:, both], ratings.categories),
        "observed": float((first == second).mean()) if both.any() else None,
    }
    return Scores(values, int(both.sum()), len(np.unique(ratings.documents[both])))


def cohen_kappa(first: np.ndarray, second: np.ndarray, categories: int) -> float | None:
    """scikit-learn's Cohen's κ; None where it is undefined (chance agreement of 1)."""
    if not len(first) or categories < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        value = float(cohen_kappa_score(first, second, labels=list(range(categories))))
    return None if math.isnan(value) else value


def alpha(codes: np.ndarray, categories: int) -> float | None:
    """Krippendorff's α (nominal); None without two judgements of one unit or variation."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # 0/0: everyone chose one value
            value = float(
                krippendorff.alpha(
                    reliability_data=codes,
                    value_domain=list(range(categories)),
                    level_of_measurement="nominal",
                )
            )
    except ValueError:  # no unit judged twice, or a domain of one value
        return None
    return None if math.isnan(value) else value
