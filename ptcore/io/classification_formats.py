"""Classification as JSON Lines (``{"text", "label"}``) and as plain text lines.

In JSON Lines, ``label`` (or ``labels``) is one name or a list of names; a record
without it is unlabeled, and an empty list means "labeled, none apply" (multi-label).
``id`` and ``split`` are kept when present. A plain-text file is one unlabeled
document per line, for any task that labels whole texts or entities in them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    checked_labels,
    optional_id,
    parse_split,
    require_text,
    with_id_and_split,
)
from ptcore.io.json_records import iter_json_records
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, open_output, write_json_lines
from ptcore.io.unread_fields import refuse_unread
from ptcore.records import DocumentRecord


def read_jsonl(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    for number, place, item in iter_json_records(path, report):
        refuse_unread(item, ("label", "labels"), "jsonl", place)
        labels = _labels(item, place)
        yield DocumentRecord(
            require_text(item, "text", place),
            labels=labels or [],
            labeled=labels is not None,
            split=parse_split(item.get("split"), place),
            external_id=optional_id(item.get("id"), place),
            line=number,
        )


def write_jsonl(records: Iterable[DocumentRecord], path: Path, multilabel: bool) -> int:
    """Single-label projects write ``"label": "pos"``, multi-label ones always a list."""
    return write_json_lines((_item(record, multilabel) for record in records), path)


def read_txt(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """Each non-blank line, without its line break, is one unlabeled document."""
    for number, line in iter_text_lines(path, report):
        text = line.rstrip("\r\n")
        if text.strip():
            yield DocumentRecord(text, line=number)


def write_txt(records: Iterable[DocumentRecord], path: Path) -> int:
    """Line breaks inside a text become spaces, so each document stays one line."""
    count = 0
    with open_output(path) as out:
        for record in records:
            out.write(record.text.replace("\r", " ").replace("\n", " ") + "\n")
            count += 1
    return count


def _labels(item: dict[str, Any], place: Place) -> list[str] | None:
    value = item.get("label", item.get("labels"))
    if value is None:
        return None
    return checked_labels(value if isinstance(value, list) else [value], place)


def _item(record: DocumentRecord, multilabel: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"text": record.text}
    if record.labeled:
        single = not multilabel and len(record.labels) == 1
        item["label"] = record.labels[0] if single else record.labels
    return with_id_and_split(item, record)
