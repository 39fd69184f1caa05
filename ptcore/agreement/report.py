"""What an agreement study found: frozen numbers with what each one rests on.

A number that cannot be computed (no items, or Cohen's κ when both annotators used one
category throughout, so chance agreement is already 1) is ``None``, shown as "undefined"
and written as JSON ``null``: never a crash, never a made-up 0 or 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Each metric's name in the JSON, and its title in tables.
METRIC_TITLES = {
    "kappa": "Cohen's κ",
    "alpha": "Krippendorff's α",
    "observed": "observed agreement",
    "exact_f1": "span F1 (exact)",
    "overlap_f1": "span F1 (overlap)",
    "exact_match": "answer EM",
    "f1": "answer F1",
}

# What the items of each kind of study are, for "rests on" captions.
ITEM_NAMES = {"labels": "decisions", "spans": "spans", "questions": "questions"}


@dataclass(frozen=True)
class Scores:
    """Metric values (None: undefined) and how many items and documents they rest on."""

    values: Mapping[str, float | None]
    items: int
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {**self.values, "items": self.items, "documents": self.documents}


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators compared on the documents both finished."""

    first: str
    second: str
    overall: Scores
    labels: Mapping[str, Scores] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": [self.first, self.second],
            "overall": self.overall.to_json(),
            "labels": {name: scores.to_json() for name, scores in self.labels.items()},
        }


@dataclass(frozen=True)
class AgreementReport:
    """Agreement over the documents at least two annotators finished."""

    task: str
    kind: str  # "labels", "spans" or "questions": what was compared
    metrics: tuple[str, ...]  # the keys of every Scores.values, in display order
    annotators: tuple[str, ...]
    annotated: int  # documents any annotator worked on
    compared: int  # documents at least two annotators finished
    overall: Scores
    labels: Mapping[str, Scores] = field(default_factory=dict)
    pairs: tuple[PairAgreement, ...] = ()

    @property
    def item_name(self) -> str:
        return ITEM_NAMES[self.kind]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape ``ptcore agreement --json`` prints."""
        return {
            "task": self.task,
            "items": self.item_name,
            "metrics": list(self.metrics),
            "annotators": list(self.annotators),
            "documents": {"annotated": self.annotated, "compared": self.compared},
            "overall": self.overall.to_json(),
            "labels": {name: scores.to_json() for name, scores in self.labels.items()},
            "pairs": [pair.to_json() for pair in self.pairs],
        }


NO_TEAM_WORK = (
    "No annotator's own work is stored: agreement compares the annotators of a team project "
    "(`ptcore team PROJECT --overlap N`), who each label the same documents."
)


def format_value(value: float | None) -> str:
    """A metric for people: three decimals, or "undefined"."""
    return "undefined" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class Findings:
    """One study's numbers before they are put in a report."""

    overall: Scores
    labels: dict[str, Scores]
    pairs: tuple[PairAgreement, ...]
