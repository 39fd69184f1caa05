"""Plain passages for a QA project: raw text to write questions about.

The rule, stated in the format's description: if the file has a blank line, passages are
the paragraphs between blank lines (a paragraph's lines keep their line breaks); if it has
none, every line is a passage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ptcore.io.limits import ReadLimits
from ptcore.io.report import ImportReport
from ptcore.io.text_io import iter_text_lines, limits_of
from ptcore.records import DocumentRecord

RULE = "paragraphs separated by blank lines, or one passage per line if the file has no blank line"
DESCRIPTION = f"plain text passages: {RULE}"


def read_passages(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """Two streaming passes: the first decides the rule, the second yields the passages."""
    by_paragraph = _has_inner_blank_line(path, limits_of(report))
    if report is not None:
        report.note(
            "passages: one per paragraph (separated by blank lines)"
            if by_paragraph
            else "passages: one per line (the file has no blank line)"
        )
    lines = ((number, line.rstrip("\r\n")) for number, line in iter_text_lines(path, report))
    yield from _paragraphs(lines) if by_paragraph else _lines(lines)


def _has_inner_blank_line(path: Path, limits: ReadLimits) -> bool:
    """Whether a blank line stands between two lines of text; read under the same limits."""
    seen_text = blank_after_text = False
    for _number, line in iter_text_lines(path, ImportReport(limits=limits)):
        if line.strip():
            if blank_after_text:
                return True
            seen_text = True
        elif seen_text:
            blank_after_text = True
    return False


def _lines(lines: Iterable[tuple[int, str]]) -> Iterator[DocumentRecord]:
    for number, text in lines:
        if text.strip():
            yield DocumentRecord(text, line=number)


def _paragraphs(lines: Iterable[tuple[int, str]]) -> Iterator[DocumentRecord]:
    start, block = 0, []
    for number, text in lines:
        if text.strip():
            start = start or number
            block.append(text)
        elif block:
            yield DocumentRecord("\n".join(block), line=start)
            start, block = 0, []
    if block:
        yield DocumentRecord("\n".join(block), line=start)
