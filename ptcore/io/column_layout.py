"""Which column of a token-per-line file holds the token and which the gold tag.

Most files put the tag last. Two common ones do not: conlleval's input (``token POS
GOLD PRED``: the gold tags are next to last, the last column is a system's output) and
GermEval 2014 (``index token OUTER INNER``, with ``#`` comment lines before each
sentence; the outer level is the usual gold). Both have two tag columns at the end,
while CoNLL-2003's ``token POS CHUNK NER`` has a chunk column (``B-NP``) before the
tags, which tells them apart. The user may always name the column (``--tag-column``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ptcore.errors import InputFileError
from ptcore.io.lines import LINE_BREAK
from ptcore.io.text_io import open_binary

SAMPLE_LINES = 500
SAMPLE_BYTES = 64 * 1024
DOCSTART = "-DOCSTART-"
ENTITY_TAG = re.compile(r"O|[BIEMSLU]-(?P<kind>\S+)|(?P<suffixed>\S+)-[BIEMSLU]")
CHUNK_TYPES = frozenset(
    {"NP", "VP", "PP", "ADVP", "ADJP", "SBAR", "PRT", "INTJ", "CONJP", "LST", "UCP"}
)


class ColumnLayout(NamedTuple):
    token: int
    tag: int
    width: int
    reason: str = ""


def split_columns(line: str) -> list[str]:
    """Tab-separated if the line has a tab (a token may then hold a space), else whitespace."""
    line = line.rstrip()
    return line.split("\t") if "\t" in line else line.split()


def is_comment(columns: list[str], width: int) -> bool:
    """A ``#`` line whose column count differs from the token lines' (GermEval's source)."""
    return bool(columns) and columns[0].startswith("#") and len(columns) != width


def decide_layout(path: Path, tag_column: int | None = None) -> ColumnLayout:
    """The layout from the first token lines; ``tag_column`` counts from 1."""
    sample = _sample(path)
    width = Counter(map(len, sample)).most_common(1)[0][0] if sample else 2
    rows = [columns for columns in sample if len(columns) == width]
    token = 1 if _numbered(rows) else 0
    if tag_column is not None:
        if not token < tag_column - 1 < width and not -width < tag_column < 0:
            raise InputFileError(
                path, None, f"--tag-column {tag_column}: the lines have {width} columns"
            )
        tag = tag_column - 1 if tag_column > 0 else width + tag_column
        return ColumnLayout(token, tag, width, f"tags from column {tag + 1}, as asked")
    if width - token >= 3 and _two_tag_columns(rows):
        return ColumnLayout(
            token,
            width - 2,
            width,
            f"the last two columns both hold entity tags: column {width - 1} read as gold "
            "(conlleval's gold before predicted, GermEval's outer level before inner); "
            "choose another with --tag-column",
        )
    return ColumnLayout(token, width - 1, width)


def _sample(path: Path) -> list[list[str]]:
    with open_binary(path) as stream:
        head = stream.read(SAMPLE_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = LINE_BREAK.split(head)[:SAMPLE_LINES]
    columns = [split_columns(line) for line in lines]
    return [c for c in columns if c and c[0] != DOCSTART]


def _numbered(rows: list[list[str]]) -> bool:
    """The first column counts tokens 1, 2, 3… within each sentence (GermEval)."""
    return bool(rows) and all(columns[0].isdigit() for columns in rows) and rows[0][0] == "1"


def _two_tag_columns(rows: list[list[str]]) -> bool:
    before_last = [ENTITY_TAG.fullmatch(columns[-2]) for columns in rows]
    last = [ENTITY_TAG.fullmatch(columns[-1]) for columns in rows]
    if not rows or not all(before_last) or not all(last):
        return False
    kinds = {m["kind"] or m["suffixed"] for m in before_last if m and m[0] != "O"}
    return bool(kinds) and not kinds <= CHUNK_TYPES
