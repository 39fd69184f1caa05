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

import krippendorff
import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score

from ptcore.agreement.report import Findings, PairAgreement, Scores
from ptcore.agreement.selection import Compared

NO_LABEL = "(no label)"
DECISION = ("no", "yes")
METRICS = ("kappa", "alpha", "observed")

Unit = tuple[int, str]  # (document id, label or "")
Table = dict[Unit, dict[str, str]]  # unit -> annotator -> category


def label_findings(compared: Compared, labels: Sequence[str], single_label: bool) -> Findings:
    names = known_labels(compared, labels)
    if single_label:
        overall_table, domain = category_table(compared), (*names, NO_LABEL)
    else:
        overall_table, domain = decision_table(compared, names), DECISION
    overall, by_pair = rate(overall_table, domain, compared)
    per_label = {name: rate(decision_table(compared, [name]), DECISION, compared) for name in names}
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


def category_table(compared: Compared) -> Table:
    return {
        (document_id, ""): {
            name: view.label_names[0] if view.label_names else NO_LABEL
            for name, view in views.items()
        }
        for document_id, views in compared.documents.items()
    }


def decision_table(compared: Compared, labels: Sequence[str]) -> Table:
    return {
        (document_id, label): {
            name: DECISION[label in view.label_names] for name, view in views.items()
        }
        for document_id, views in compared.documents.items()
        for label in labels
    }


def rate(
    table: Table, domain: Sequence[str], compared: Compared
) -> tuple[Scores, dict[tuple[str, str], Scores]]:
    """Overall scores over all annotators, and each pair's."""
    by_pair = {pair: _pair_scores(table, domain, *pair) for pair in compared.pairs}
    kappas = [k for s in by_pair.values() if (k := s.values["kappa"]) is not None]
    agreeing = sum((s.values["observed"] or 0.0) * s.items for s in by_pair.values())
    compared_items = sum(s.items for s in by_pair.values())
    values = {
        "kappa": sum(kappas) / len(kappas) if kappas else None,
        "alpha": alpha(table, domain, compared.annotators),
        "observed": agreeing / compared_items if compared_items else None,
    }
    return Scores(values, len(table), _documents(table)), by_pair


def _pair_scores(table: Table, domain: Sequence[str], first: str, second: str) -> Scores:
    both = {unit: r for unit, r in table.items() if first in r and second in r}
    firsts = [r[first] for r in both.values()]
    seconds = [r[second] for r in both.values()]
    values = {
        "kappa": cohen_kappa(firsts, seconds, domain),
        "alpha": alpha(both, domain, (first, second)),
        "observed": sum(map(str.__eq__, firsts, seconds)) / len(both) if both else None,
    }
    return Scores(values, len(both), _documents(both))


def cohen_kappa(first: list[str], second: list[str], domain: Sequence[str]) -> float | None:
    """scikit-learn's Cohen's κ; None where it is undefined (chance agreement of 1)."""
    if not first:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        value = float(cohen_kappa_score(first, second, labels=list(domain)))
    return None if math.isnan(value) else value


def alpha(table: Table, domain: Sequence[str], annotators: Sequence[str]) -> float | None:
    """Krippendorff's α (nominal); None without two judgements of one unit or variation."""
    index = {category: i for i, category in enumerate(domain)}
    data = np.full((len(annotators), len(table)), np.nan)
    for column, ratings in enumerate(table.values()):
        for row, name in enumerate(annotators):
            if name in ratings:
                data[row, column] = index[ratings[name]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # 0/0: everyone chose one value
            value = float(
                krippendorff.alpha(
                    reliability_data=data,
                    value_domain=list(range(len(domain))),
                    level_of_measurement="nominal",
                )
            )
    except ValueError:  # no unit judged twice, or a domain of one value
        return None
    return None if math.isnan(value) else value


def _documents(table: Table) -> int:
    return len({document_id for document_id, _ in table})
