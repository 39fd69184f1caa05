"""WebAnno TSV 3.x, as WebAnno 3 and INCEpTION export it: one sentence per document.

The header names each layer and its features (``#T_SP=...NamedEntity|identifier|value``,
also ``#T_CH``/``#T_RL``); every feature is one column after the token id, its offsets
and its text. A sentence starts with ``#Text=`` lines; a token line is
``1-3<TAB>9-14<TAB>plays<TAB>...``. A span over several tokens repeats ``PER[3]`` on
each; a one-token span has no index; ``_`` is no annotation, ``|`` stacks several.
Offsets count UTF-16 units from the document start: each token is placed in its
sentence by them and its text checked. The layer is chosen by name (``--layer``,
default ``NamedEntity``), its ``value`` feature (or only feature) gives the type.
(https://inception-project.github.io/releases/latest/docs/user-guide.html#sect_webannotsv)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ptcore.errors import InputFileError
from ptcore.io.checks import checked_entities, checked_label
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines
from ptcore.records import DocumentRecord, Span

HEADER = re.compile(r"#T_(SP|CH|RL)=(.*)")
CELL = re.compile(r"(?P<label>.*?)(\[(?P<index>\d+)\])?")
ESCAPED = {"\\\\": "\\", "\\[": "[", "\\]": "]", "\\|": "|", "\\_": "_", "\\->": "->",
           "\\;": ";", "\\t": "\t", "\\n": "\n", "\\*": "*"}  # fmt: skip


class _Token(NamedTuple):
    line: int
    begin: int
    end: int
    text: str
    cell: str


def read_webanno_tsv(
    path: Path, report: ImportReport | None = None, layer: str | None = None
) -> Iterator[DocumentRecord]:
    column: int | None = None
    layers: list[tuple[str, list[str]]] = []
    text_lines: list[str] = []
    tokens: list[_Token] = []
    for number, raw in iter_text_lines(path, report):
        line = raw.rstrip("\r\n")
        if match := HEADER.fullmatch(line):
            name, *features = match[2].split("|")
            layers.append((name, features))
        elif line.startswith("#Text="):
            if tokens:
                yield _sentence(path, text_lines, tokens)
                text_lines, tokens = [], []
            text_lines.append(_unescape(line.removeprefix("#Text=")))
        elif line.strip() and not line.startswith("#"):
            column = column if column is not None else _column(path, number, layers, layer)
            tokens.append(_token(line, column, Place(path, number)))
    if tokens:
        yield _sentence(path, text_lines, tokens)


def _column(
    path: Path, number: int, layers: list[tuple[str, list[str]]], wanted: str | None
) -> int:
    """The column of the chosen layer's type feature (token id, offsets, text come first)."""
    wanted = wanted or "NamedEntity"
    offset = 3
    for name, features in layers:
        if (name == wanted or name.rsplit(".", 1)[-1] == wanted) and features:
            return offset + (features.index("value") if "value" in features else 0)
        offset += len(features)
    found = ", ".join(name.rsplit(".", 1)[-1] for name, _ in layers) or "none"
    raise InputFileError(path, number, f'no span layer "{wanted}" (layers: {found}); use --layer')


def _token(line: str, column: int, place: Place) -> _Token:
    fields = line.split("\t")
    if len(fields) <= column:
        raise place.error(
            f"expected at least {column + 1} tab-separated columns, found {len(fields)}"
        )
    begin, _, end = fields[1].partition("-")
    if not (begin.isdigit() and end.isdigit()):
        raise place.error(f'expected offsets like "0-3", found "{fields[1]}"')
    return _Token(place.line or 0, int(begin), int(end), _unescape(fields[2]), fields[column])


def _sentence(path: Path, text_lines: list[str], tokens: list[_Token]) -> DocumentRecord:
    text = "\n".join(text_lines)
    if not text_lines:
        raise InputFileError(path, tokens[0].line, "a token line before any #Text= line")
    starts = _code_points(path, text, tokens)
    groups: dict[str, list[int]] = {}
    spans: list[Span] = []
    for position, token in enumerate(tokens):
        for label, index in _cell_labels(token.cell, Place(path, token.line)):
            if index is None:
                spans.append(Span(*starts[position], label))
            else:
                groups.setdefault(f"{label}[{index}]", []).append(position)
    for key, positions in groups.items():
        label = key.rsplit("[", 1)[0]
        spans.append(Span(starts[positions[0]][0], starts[positions[-1]][1], label))
    place = Place(path, tokens[0].line)
    return DocumentRecord(text, entities=checked_entities(spans, text, place), labeled=True,
                          line=tokens[0].line)  # fmt: skip


def _code_points(path: Path, text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Each token's ``(start, end)`` in the sentence, from its UTF-16 document offsets."""
    units = text.encode("utf-16-le")
    base = tokens[0].begin
    places = []
    for token in tokens:
        before = units[: 2 * (token.begin - base)].decode("utf-16-le", errors="replace")
        start = len(before)
        if text[start : start + len(token.text)] != token.text:
            raise InputFileError(
                path, token.line, f'token "{token.text}" is not at its offsets in the #Text line'
            )
        places.append((start, start + len(token.text)))
    return places


def _cell_labels(cell: str, place: Place) -> list[tuple[str, str | None]]:
    if cell in ("_", ""):
        return []
    labels = []
    for part in re.split(r"(?<!\\)\|", cell):
        match = CELL.fullmatch(part)
        assert match is not None  # the pattern matches any text
        if match["label"] in ("*", ""):
            raise place.error(f'an annotation without a type ("{part}")')
        labels.append((checked_label(_unescape(match["label"]), place), match["index"]))
    return labels


def _unescape(text: str) -> str:
    return re.sub(r"\\(\\|\[|\]|\||_|->|;|t|n|\*)", lambda m: ESCAPED[m[0]], text)
