"""YEDDA annotated text: entities marked inline, ``[@Paris#Location*]``, one document a line.

YEDDA (https://github.com/jiesutd/YEDDA, Yang et al., ACL 2018 demo) saves the text
with each confirmed entity written ``[@text#Label*]`` and each entity its recommender
suggests written ``[$text#Label*]``; the label is what follows the last ``#`` (its
``entityRe``/``recommendRe``, ``\\[\\@.*?\\#.*?\\*\\](?!\\#)``). Each non-blank line
is a document. ``[@…]`` spans are gold; ``[$…]`` spans are suggestions, and a line that
still holds any is under review, so it is read unlabeled. A nested mark
(``[@[@x#A*]#B*]``) cannot be stored and is refused with its line.

The writer marks gold spans ``[@…]`` and the suggestions that touch none of them
``[$…]``. A document with a line break, or whose text already holds the marks, cannot
be written as YEDDA and is refused by name; an unlabeled document without suggestions
reads back as labeled with no entities, since YEDDA has no "not yet annotated" mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ptcore.errors import UserError
from ptcore.io.checks import checked_entities, checked_label
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, open_output
from ptcore.records import DocumentRecord, Span, Suggestion

MARK = re.compile(r"\[([@$])(.*?)\*\](?!#)", re.DOTALL)
RECOMMENDER = "YEDDA recommendations"


def read_yedda(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    for number, line in iter_text_lines(path, report):
        marked = line.rstrip("\r\n")
        if marked.strip():
            yield _record(marked, Place(path, number), number)


def _record(marked: str, place: Place, number: int) -> DocumentRecord:
    text: list[str] = []
    gold: list[Span] = []
    suggested: list[Span] = []
    at = length = 0
    for match in MARK.finditer(marked):
        text.append(marked[at : match.start()])
        length += match.start() - at
        covered, label = _parts(match, place)
        span = Span(length, length + len(covered), label)
        (gold if match.group(1) == "@" else suggested).append(span)
        text.append(covered)
        length += len(covered)
        at = match.end()
    rest = marked[at:]
    for opener in ("[@", "[$"):
        if opener in rest:
            start = rest.index(opener)
            raise place.error(
                f'"{rest[start : start + 30]}" opens a YEDDA mark that never closes with *]'
            )
    text.append(rest)
    plain = "".join(text)
    suggestions = [Suggestion(RECOMMENDER, 1.0, entities=tuple((s, 1.0) for s in suggested))]
    return DocumentRecord(
        plain,
        entities=checked_entities(gold, plain, place),
        labeled=not suggested,
        line=number,
        suggestions=suggestions if suggested else [],
    )


def _parts(match: re.Match[str], place: Place) -> tuple[str, str]:
    covered, hash_sign, label = match.group(2).rpartition("#")
    if not hash_sign or not covered:
        raise place.error(f'"{match.group(0)}" has no text#Label inside its mark')
    if MARK.search(covered) or "[@" in covered or "[$" in covered:
        raise place.error(f'"{match.group(0)}" nests one mark in another, which cannot be stored')
    return covered, checked_label(label, place)


def write_yedda(records: Iterable[DocumentRecord], path: Path) -> int:
    count = 0
    with open_output(path) as out:
        for count, record in enumerate(records, start=1):
            out.write(marked_line(record, count) + "\n")
    return count


def marked_line(record: DocumentRecord, number: int) -> str:
    """The record's text with its gold spans and non-overlapping suggestions marked."""
    name = f"document {record.external_id or number}"
    if "\n" in record.text or "\r" in record.text:
        raise UserError(f"{name} holds a line break; YEDDA keeps one document a line")
    if MARK.search(record.text):
        raise UserError(f"{name} already holds YEDDA marks, which would be read as entities")
    marks = [(span, "@") for span in record.entities]
    for span, _ in (pair for s in record.suggestions for pair in s.entities):
        if not any(span.start < other.end and other.start < span.end for other, _ in marks):
            marks.append((span, "$"))
    pieces, at = [], 0
    for span, kind in sorted(marks, key=lambda pair: pair[0].start):
        covered = record.text[span.start : span.end]
        pieces += [record.text[at : span.start], f"[{kind}{covered}#{span.label}*]"]
        at = span.end
    return "".join([*pieces, record.text[at:]])
