"""CoNLL-style column files for NER: one token per line, its tag in the last column.

Or in the column ``column_layout`` finds (conlleval's gold, GermEval's outer level) or
the user names. Reads IOB1, IOB2, BIOES, BMES and IO alike (see ``tagging``), English
word-per-line and
Chinese character-per-line files, and the Weibo NER variant whose token column is a
character followed by its position in its word ("中0"). Blank lines end sentences and
``-DOCSTART-`` lines are skipped. Writes IOB2 as "token tag" lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from ptcore.errors import InputFileError
from ptcore.io.column_layout import ColumnLayout, decide_layout, is_comment, split_columns
from ptcore.io.report import ImportReport
from ptcore.io.tagging import TagTally, decode_tags, parse_tag, tokens_and_tags
from ptcore.io.text_io import Place, iter_text_lines, open_output
from ptcore.io.tokens import join_tokens
from ptcore.records import DocumentRecord, Span

DOCSTART = "-DOCSTART-"
MAX_POSITION_DIGITS = 6


class _Line(NamedTuple):
    number: int
    token: str
    tag: str


def read_conll(
    path: Path, report: ImportReport | None = None, tag_column: int | None = None
) -> Iterator[DocumentRecord]:
    """One record per sentence, labeled even when every tag is ``O``."""
    report = report if report is not None else ImportReport()
    layout = decide_layout(path, tag_column)
    if layout.reason:
        report.note(layout.reason)
    tally = TagTally()
    cleaner = _TokenCleaner(path)
    for sentence in _sentences(path, report, layout):
        yield _record(path, cleaner.tokens(sentence), sentence, tally)
    report.scheme = tally.scheme()
    report.note(f"tag scheme: {report.scheme}")
    report.warnings.extend(tally.warnings())


def write_conll(records: Iterable[DocumentRecord], path: Path) -> int:
    """IOB2 tags on whitespace tokens, each CJK character its own token."""
    count = 0
    with open_output(path) as out:
        for record in records:
            tokens, tags = tokens_and_tags(record.text, record.entities)
            if tokens:
                out.writelines(f"{token} {tag}\n" for token, tag in zip(tokens, tags, strict=True))
                out.write("\n")
                count += 1
    return count


def _sentences(path: Path, report: ImportReport, layout: ColumnLayout) -> Iterator[list[_Line]]:
    sentence: list[_Line] = []
    width = _Width(path)
    for number, line in iter_text_lines(path, report):
        columns = split_columns(line)
        if not sentence and is_comment(columns, layout.width):
            continue
        if columns and columns[0] != DOCSTART:
            width.check(number, len(columns))
            if len(columns) <= max(layout.token, layout.tag):
                raise InputFileError(path, number, f"expected {layout.width} columns")
            sentence.append(_Line(number, columns[layout.token], columns[layout.tag]))
        elif sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


class _Width:
    """Every token line must have as many columns as the first one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.first: tuple[int, int] | None = None

    def check(self, number: int, width: int) -> None:
        if width < 2:
            raise InputFileError(self.path, number, "expected a token and a tag, found one column")
        if self.first is None:
            self.first = (number, width)
        elif width != self.first[1]:
            expected, line = self.first[1], self.first[0]
            raise InputFileError(
                self.path, number, f"expected {expected} columns as on line {line}, found {width}"
            )


class _TokenCleaner:
    """Decides from the first sentence whether tokens carry Weibo word positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.word_positions: bool | None = None

    def tokens(self, sentence: list[_Line]) -> list[str]:
        if self.word_positions is None:
            self.word_positions = _has_word_positions(sentence)
        tokens = [self._token(line) for line in sentence]
        for line, token in zip(sentence, tokens, strict=True):
            if not token.strip():
                raise InputFileError(self.path, line.number, "the token is blank")
        return tokens

    def _token(self, line: _Line) -> str:
        if not self.word_positions:
            return line.token
        split = word_position(line.token)
        if split is None:
            raise InputFileError(
                self.path,
                line.number,
                f'expected a character and its word position like "中0", as in the first '
                f'sentence; found "{line.token}"',
            )
        return split[0]


def _has_word_positions(sentence: list[_Line]) -> bool:
    """True when every token is a character plus a count 0, 1, 2… that restarts at 0."""
    previous = -1
    for line in sentence:
        split = word_position(line.token)
        if split is None or split[1] not in (0, previous + 1):
            return False
        previous = split[1]
    return True


def word_position(token: str) -> tuple[str, int] | None:
    """``"中0"`` → ``("中", 0)``: the token without its trailing digits, and their number.

    One pass from the end, so a 60 kB token costs no more than reading it (the regex
    ``(.+?)(\\d+)`` it replaces took 66 s on one); at least one character stays.
    """
    head = len(token)
    while head > 1 and token[head - 1].isdecimal():
        head -= 1
    digits = token[head:]
    if not digits.isdecimal() or len(digits) > MAX_POSITION_DIGITS:
        return None
    return token[:head], int(digits)


def _record(
    path: Path, tokens: list[str], sentence: list[_Line], tally: TagTally
) -> DocumentRecord:
    tags = [parse_tag(line.tag, Place(path, line.number)) for line in sentence]
    text, starts = join_tokens(tokens)
    entities = [
        Span(starts[first], starts[end - 1] + len(tokens[end - 1]), kind)
        for first, end, kind in decode_tags(tags, tally)
    ]
    return DocumentRecord(text, entities=entities, labeled=True, line=sentence[0].number)
