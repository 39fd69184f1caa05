"""IOB2 tags over words: the tag list, and spans <-> word-level tags (as seqeval wants).

A word belongs to an entity when the span overlaps it, so spans that cut a word still
label it. Reading tags back repairs ill-formed sequences: an ``I-X`` that does not
continue an ``X`` entity (after ``O``, at the start, or after another type) starts a new
``X`` entity, as if it were ``B-X``. Word runs map back to characters from the start of
the first word to the end of the last one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ptcore.engine.tasks.words import Word
from ptcore.records import Span

OUTSIDE = "O"


class WordRun(NamedTuple):
    """An entity as the words ``first..last`` (inclusive) with its type."""

    first: int
    last: int
    label: str


def bio_tags(label_names: Iterable[str]) -> list[str]:
    """``O`` then ``B-X``, ``I-X`` per entity type, types sorted so the order is stable."""
    tags = [OUTSIDE]
    for label in sorted(set(label_names)):
        tags += [f"B-{label}", f"I-{label}"]
    return tags


def spans_to_tags(words: Sequence[Word], spans: Iterable[Span]) -> list[str]:
    """IOB2 tags for ``words``; where spans overlap a word the earlier-starting span wins."""
    tags = [OUTSIDE] * len(words)
    ends = [word.end for word in words]
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        index = bisect_right(ends, span.start)
        prefix = "B"
        while index < len(words) and words[index].start < span.end:
            if tags[index] == OUTSIDE:
                tags[index], prefix = f"{prefix}-{span.label}", "I"
            index += 1
    return tags


def tag_runs(tags: Sequence[str]) -> list[WordRun]:
    """The entities in ``tags``, with stray ``I-`` tags repaired into entity starts."""
    runs: list[WordRun] = []
    for index, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        continues = bool(runs) and runs[-1].label == label and runs[-1].last == index - 1
        if prefix == "I" and continues:
            runs[-1] = runs[-1]._replace(last=index)
        elif prefix in ("B", "I"):
            runs.append(WordRun(index, index, label))
    return runs


def tags_to_spans(words: Sequence[Word], tags: Sequence[str]) -> list[Span]:
    """Character spans for the entities in word-level ``tags``."""
    return [run_to_span(words, run) for run in tag_runs(tags)]


def run_to_span(words: Sequence[Word], run: WordRun) -> Span:
    """The characters from the run's first word to its last."""
    return Span(words[run.first].start, words[run.last].end, run.label)


def repair_tags(tags: Sequence[str]) -> list[str]:
    """Well-formed IOB2 for ``tags``: the same entities, each opened by ``B-``."""
    repaired = [OUTSIDE] * len(tags)
    for run in tag_runs(tags):
        repaired[run.first : run.last + 1] = [f"B-{run.label}"] + [f"I-{run.label}"] * (
            run.last - run.first
        )
    return repaired
