"""Agreement on entity spans: F1 between two annotators, exact and overlapping.

With one annotator taken as the reference and the other as the prediction, precision and
recall swap when the roles swap, so F1 = 2·matches / (spans of one + spans of the other)
is the same either way. Counts are summed over the documents both finished (micro), per
label and over all labels. Exact: same start, end and label. Overlap: same label and at
least one character in common, each span matched at most once (a maximum matching, so
one long span cannot match three short ones). With more than two annotators the overall
numbers sum the counts of every pair; they rest on every annotator's spans, each counted
once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from ptcore.agreement.report import Findings, PairAgreement, Scores
from ptcore.agreement.selection import Compared
from ptcore.store.views import Document, Entity

METRICS = ("exact_f1", "overlap_f1")

Marked = tuple[str, int, int, int, str]  # annotator, document id, start, end, label


@dataclass
class _Counts:
    spans: int = 0  # both annotators' spans, summed over pairs: the F1 denominator
    exact: int = 0
    overlap: int = 0
    documents: set[int] = field(default_factory=set)
    marked: set[Marked] = field(default_factory=set)  # the spans, each counted once

    def add(self, other: _Counts) -> None:
        self.spans += other.spans
        self.exact += other.exact
        self.overlap += other.overlap
        self.documents |= other.documents
        self.marked |= other.marked

    def scores(self) -> Scores:
        values = {
            "exact_f1": 2 * self.exact / self.spans if self.spans else None,
            "overlap_f1": 2 * self.overlap / self.spans if self.spans else None,
        }
        return Scores(values, len(self.marked), len(self.documents))


def span_findings(compared: Compared, labels: Sequence[str]) -> Findings:
    by_pair = {pair: _pair_counts(pair, compared.shared(*pair)) for pair in compared.pairs}
    used = {name for counts in by_pair.values() for name in counts if name}
    names = [*labels, *sorted(used - set(labels))]
    pairs = tuple(
        PairAgreement(
            first,
            second,
            counts[""].scores(),
            {name: counts.get(name, _Counts()).scores() for name in names},
        )
        for (first, second), counts in by_pair.items()
    )
    pooled = {name: _total(c.get(name, _Counts()) for c in by_pair.values()) for name in names}
    overall = _total(counts[""] for counts in by_pair.values())
    return Findings(overall.scores(), {n: c.scores() for n, c in pooled.items()}, pairs)


def _pair_counts(
    names: tuple[str, str], shared: list[tuple[Document, Document]]
) -> dict[str, _Counts]:
    """Per label, and all labels under "": counts over the documents both finished."""
    counts: dict[str, _Counts] = {"": _Counts()}
    for first, second in shared:
        counts[""].documents.add(first.id)
        for label in {e.label for e in (*first.entities, *second.entities)}:
            found = _document_counts(
                first.id,
                (names[0], [e for e in first.entities if e.label == label]),
                (names[1], [e for e in second.entities if e.label == label]),
            )
            counts.setdefault(label, _Counts()).add(found)
            counts[""].add(found)
    return counts


def _document_counts(
    document_id: int, first: tuple[str, list[Entity]], second: tuple[str, list[Entity]]
) -> _Counts:
    (_, mine), (_, theirs) = first, second
    same = {(e.start, e.end) for e in mine} & {(e.start, e.end) for e in theirs}
    overlap = overlap_matches(mine, theirs)
    marked = {
        (name, document_id, e.start, e.end, e.label) for name, es in (first, second) for e in es
    }
    return _Counts(len(mine) + len(theirs), len(same), overlap, {document_id}, marked)


def overlap_matches(first: Sequence[Entity], second: Sequence[Entity]) -> int:
    """The most one-to-one pairs of overlapping spans (scipy's bipartite matching)."""
    pairs = [
        (i, j)
        for i, a in enumerate(first)
        for j, b in enumerate(second)
        if a.start < b.end and b.start < a.end
    ]
    mine, theirs = Counter(i for i, _ in pairs), Counter(j for _, j in pairs)
    if max(mine.values(), default=0) <= 1 and max(theirs.values(), default=0) <= 1:
        return len(pairs)  # no span overlaps two: nothing to choose
    overlapping = np.zeros((len(first), len(second)), dtype=bool)
    overlapping[tuple(zip(*pairs, strict=True))] = True
    matching = maximum_bipartite_matching(csr_matrix(overlapping), perm_type="column")
    return int((matching >= 0).sum())


def _total(counts: Iterable[_Counts]) -> _Counts:
    total = _Counts()
    for counter in counts:
        total.add(counter)
    return total
