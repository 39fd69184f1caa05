"""Records of a JSON Lines file, or of one JSON document holding a list of them.

Tools write the same records both ways: doccano and Prodigy export JSON Lines but
also JSON arrays, and a person who pretty-prints a file turns it into one document.
Readers of record formats go through ``iter_json_records`` so all three shapes read
alike; inside a whole document a record is named by its position ("record 3").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptcore.io.lines import LINE_BREAK
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_json_lines, json_kind, open_binary, read_json

RECORD = "record"
HEAD_BYTES = 64 * 1024


def iter_json_records(
    path: Path, report: ImportReport | None = None
) -> Iterator[tuple[int, Place, dict[str, Any]]]:
    """Yield ``(line or record number, place, object)`` for every record of the file."""
    if not is_whole_json(path):
        for number, item in iter_json_lines(path, report):
            yield number, Place(path, number), item
        return
    if report is not None:
        report.record_name = RECORD
    document = read_json(path, report)
    items = document if isinstance(document, list) else [document]
    for number, item in enumerate(items, start=1):
        place = Place(path, None, f"{RECORD} {number}")
        if not isinstance(item, dict):
            raise place.error(f"expected a JSON object {{...}}, found {json_kind(item)}")
        yield number, place, item


def is_whole_json(path: Path) -> bool:
    """True for a JSON array, or an object spread over lines (not one object a line)."""
    first_line = _first_line(path)
    if first_line.startswith("["):
        return True
    return first_line.startswith("{") and not _complete_object(first_line)


def _first_line(path: Path) -> str:
    """The first line with text among the first 64 KiB (lines end at LF, CRLF or CR)."""
    with open_binary(path) as stream:
        head = stream.read(HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    return next((line.strip() for line in LINE_BREAK.split(head) if line.strip()), "")


def _complete_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):  # bad JSON, huge numbers, deep nesting: readers say
        return False
