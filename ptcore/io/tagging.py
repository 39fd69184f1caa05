"""Per-token entity tags (IOB1, IOB2, BIOES, BMES, IO) to spans and back.

One lenient decoder reads every scheme, so a file can stream through without first
being scanned to learn its scheme; a tally names the scheme at the end. A tag that
continues an entity never begun (``I-X`` after ``O``) starts one, as in IOB1; the
tally counts those so the import can warn about them where the scheme forbids them.
Tags may also carry their prefix as a suffix (``PER-B``), or none at all (IO files:
``PER``, ``LOC``, ``O``), where a run of one type is one entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ptcore.io.text_io import Place
from ptcore.io.tokens import tokenize
from ptcore.records import Span

TAG = re.compile(r"(?P<prefix>[BIEMSLU])-(?P<kind>\S+)")
SUFFIX_TAG = re.compile(r"(?P<kind>\S+)-(?P<prefix>[BIEMSLU])")
BARE_TAG = re.compile(r"[^\W\d_][\w.]*")
IO = "IO"  # the prefix given to a bare tag: it continues a run of its type
CONTINUING = frozenset({"I", "M", "E", "L", IO})
CLOSING = frozenset("ESLU")


class Tag(NamedTuple):
    prefix: str
    kind: str


OUTSIDE = Tag("O", "")


@dataclass
class TagTally:
    """What the tags of a whole file say about their scheme."""

    prefixes: set[str] = field(default_factory=set)
    fresh_begins: int = 0
    orphans: int = 0

    def scheme(self) -> str:
        if IO in self.prefixes:
            return IO
        if "M" in self.prefixes:
            return "BMES"
        if self.prefixes & CLOSING:
            return "BIOES"
        if "I" in self.prefixes and not self.fresh_begins:
            return "IOB1"
        return "IOB2"

    def warnings(self) -> list[str]:
        if not self.orphans or self.scheme() in ("IOB1", IO):
            return []
        return [
            f"{self.orphans} tags continue an entity that was never begun "
            "(I-/M-/E- with no B- before them); each was read as the start of an entity"
        ]

    def count_start(self, previous: Tag, tag: Tag) -> None:
        if tag.prefix == "B" and previous.kind != tag.kind:
            self.fresh_begins += 1
        elif tag.prefix in CONTINUING:
            self.orphans += 1


def parse_tag(text: str, place: Place) -> Tag:
    if text == "O":
        return OUTSIDE
    match = TAG.fullmatch(text) or SUFFIX_TAG.fullmatch(text)
    if match is not None:
        return Tag(match["prefix"], match["kind"])
    if BARE_TAG.fullmatch(text) and len(text) > 1:
        return Tag(IO, text)
    raise place.error(
        f'unknown tag "{text}"; expected O, or B-, I-, E-, S- or M- and an entity type'
    )


def decode_tags(tags: Sequence[Tag], tally: TagTally) -> list[tuple[int, int, str]]:
    """Entity ``(first token, end token exclusive, type)`` triples."""
    spans: list[tuple[int, int, str]] = []
    start = 0
    previous = OUTSIDE
    for index, tag in enumerate(tags):
        tally.prefixes.add(tag.prefix)
        if _continues(previous, tag):
            previous = tag
            continue
        if previous != OUTSIDE:
            spans.append((start, index, previous.kind))
        if tag != OUTSIDE:
            tally.count_start(previous, tag)
            start = index
        previous = tag
    if previous != OUTSIDE:
        spans.append((start, len(tags), previous.kind))
    return spans


def iob2_tags(spans: Sequence[tuple[int, int, str]], count: int) -> list[str]:
    """IOB2 tags for ``count`` tokens from ``(first token, end token, type)`` triples."""
    tags = ["O"] * count
    for first, end, kind in spans:
        tags[first:end] = [f"B-{kind}"] + [f"I-{kind}"] * (end - first - 1)
    return tags


def tokens_and_tags(text: str, entities: Sequence[Span]) -> tuple[list[str], list[str]]:
    """Tokens of ``text`` and their IOB2 tags; entity edges inside a word split it."""
    offsets = tokenize(text, [edge for span in entities for edge in (span.start, span.end)])
    starts = [start for start, _ in offsets]
    ends = [end for _, end in offsets]
    spans = []
    for span in entities:
        first, end = bisect_right(ends, span.start), bisect_left(starts, span.end)
        if first < end:
            spans.append((first, end, span.label))
    return [text[start:end] for start, end in offsets], iob2_tags(spans, len(offsets))


def _continues(previous: Tag, tag: Tag) -> bool:
    return (
        tag.prefix in CONTINUING
        and tag.kind == previous.kind
        and previous.prefix not in CLOSING
        and previous != OUTSIDE
    )
