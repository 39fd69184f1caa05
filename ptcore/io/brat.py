"""brat standoff: a document's ``.txt`` beside its ``.ann`` of annotation lines.

Entities are ``T`` lines, ``T3<TAB>Organization 0 4<TAB>Sony``: an id, the type and
code-point offsets into the ``.txt`` (end exclusive), then the covered text, which must
match. A discontinuous (``0 4;9 12``) or overlapping entity cannot be stored and is
refused with its line. Relations, events, attributes and notes (``R``, ``E``, ``A``/``M``,
``N``, ``#`` lines) are counted in a warning. (https://brat.nlplab.org/standoff.html)

A file pair is one document; a folder of pairs is read in name order, and is what the
writer makes, one pair per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path

from ptcore.errors import InputFileError, UserError
from ptcore.io.checks import checked_label, describe
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, open_output
from ptcore.records import DocumentRecord, Span

NOT_ENTITIES = "RE AMN#"


def read_brat(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    report = report if report is not None else ImportReport()
    if path.is_dir():
        texts = [ann.with_suffix(".txt") for ann in sorted(path.glob("*.ann"))]
    else:
        texts = [path.with_suffix(".txt") if path.suffix == ".ann" else path]
    for number, text_path in enumerate(texts, start=1):
        yield _document(text_path, text_path.with_suffix(".ann"), report, number)


def write_brat(records: Iterable[DocumentRecord], path: Path) -> int:
    """A folder at ``path`` with ``0001.txt``/``0001.ann`` (or the document's id) per record."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{path}: cannot make the folder: {error.strerror}") from None
    count = 0
    for count, record in enumerate(records, start=1):
        stem = path / f"{count:06d}"
        with open_output(stem.with_suffix(".txt")) as out:
            out.write(record.text)
        with open_output(stem.with_suffix(".ann")) as out:
            for index, span in enumerate(record.entities, start=1):
                covered = record.text[span.start : span.end]
                out.write(f"T{index}\t{span.label} {span.start} {span.end}\t{covered}\n")
    return count


def _document(text_path: Path, ann: Path, report: ImportReport, number: int) -> DocumentRecord:
    if not text_path.is_file():
        raise InputFileError(ann, None, f"its text {text_path.name} is missing")
    text = "".join(line for _, line in iter_text_lines(text_path, report))
    spans: dict[Span, int] = {}
    other = 0
    if ann.is_file() and ann.read_bytes().strip():  # no annotations may mean no .ann text
        for line_number, line in iter_text_lines(ann, report):
            if line.startswith("T"):
                spans.setdefault(_entity(line, text, Place(ann, line_number)), line_number)
            elif line.strip():
                other += line[0] in NOT_ENTITIES
    if other:
        report.warn(f"{ann.name}: {other} relation, event, attribute or note lines not imported")
    return DocumentRecord(text, entities=_no_overlaps(spans, text, ann), labeled=True, line=number)


def _entity(line: str, text: str, place: Place) -> Span:
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 3:
        raise place.error("a T line needs an id, a type with offsets, and the text, by tabs")
    kind, *offsets = fields[1].split(" ", 1)
    if not offsets or ";" in offsets[0]:
        raise place.error(f'{fields[0]} is discontinuous ("{fields[1]}"); it cannot be stored')
    start, end = _offsets(offsets[0], place)
    if not 0 <= start < end <= len(text):
        raise place.error(f"{fields[0]} [{start}, {end}) is outside the text")
    if text[start:end] != fields[2]:
        raise place.error(
            f'{fields[0]} says "{fields[2]}" but the text there is "{text[start:end]}"'
        )
    return Span(start, end, checked_label(kind, place))


def _offsets(pair: str, place: Place) -> tuple[int, int]:
    parts = pair.split()
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise place.error(f'expected "start end" offsets, found "{pair}"')
    return int(parts[0]), int(parts[1])


def _no_overlaps(spans: dict[Span, int], text: str, ann: Path) -> list[Span]:
    ordered = sorted(spans, key=lambda span: (span.start, span.end))
    for before, after in pairwise(ordered):
        if after.start < before.end:
            first, second = describe(before, text), describe(after, text)
            line = max(spans[before], spans[after])  # the later one is the one to look at
            raise InputFileError(ann, line, f"entities overlap: {first} and {second}")
    return ordered
