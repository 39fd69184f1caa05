"""CSV and TSV files for classification: a text column and label columns.

The header row is optional. Without one, the first column is the text and every
further column a label (several labels make a multi-label row; none leaves the row
unlabeled). A header names the columns in any order: ``text``/``sentence``/``text_a``,
``label``/``labels``, and optionally ``id`` and ``split``. CSV follows RFC 4180
quoting; TSV has no quoting at all, as in GLUE, so quotes in a text stay as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.errors import InputFileError
from ptcore.io.checks import checked_labels, parse_split
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, open_output
from ptcore.records import DocumentRecord

CSV: dict[str, Any] = {"delimiter": ",", "strict": True}
TSV: dict[str, Any] = {"delimiter": "\t", "quoting": csv.QUOTE_NONE, "quotechar": None}
COLUMN_ROLES = {
    **dict.fromkeys(["text", "sentence", "text_a", "content", "review"], "text"),
    **dict.fromkeys(["label", "labels", "class", "category", ""], "label"),
    "id": "id",
    "split": "split",
}
HEADERLESS = ("text", "label")


def read_csv(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    return _read(path, report, CSV)


def read_tsv(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    return _read(path, report, TSV)


def write_csv(records: Iterable[DocumentRecord], path: Path) -> int:
    return _write(records, path, CSV, str)


def write_tsv(records: Iterable[DocumentRecord], path: Path) -> int:
    """Tabs and line breaks inside a text become spaces: unquoted TSV cannot hold them."""
    return _write(records, path, TSV, _flatten)


def _read(
    path: Path, report: ImportReport | None, dialect: dict[str, Any]
) -> Iterator[DocumentRecord]:
    roles: tuple[str, ...] | None = None
    for number, row in _rows(path, report, dialect):
        if roles is None:
            roles = _header_roles(row)
            if roles is not None:
                continue
            roles = HEADERLESS
        yield _record(row, roles, Place(path, number))


def _rows(
    path: Path, report: ImportReport | None, dialect: dict[str, Any]
) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader((line for _, line in iter_text_lines(path, report)), **dialect)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputFileError(path, start, _csv_problem(error)) from None
        if any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def _csv_problem(error: csv.Error) -> str:
    if "end of data" in str(error):
        return "a quoted cell that starts on this line is never closed"
    return f"not valid CSV: {error}"


def _header_roles(row: list[str]) -> tuple[str, ...] | None:
    """The role of each column if ``row`` is a header naming exactly one text column."""
    roles = tuple(COLUMN_ROLES.get(cell.strip().lower(), "?") for cell in row)
    singles = [role for role in roles if role != "label"]
    if "?" in roles or "text" not in singles or len(singles) != len(set(singles)):
        return None
    return roles


def _record(row: list[str], roles: tuple[str, ...], place: Place) -> DocumentRecord:
    _check_width(row, roles, place)
    cells: dict[str, list[str]] = {"text": [], "label": [], "id": [], "split": []}
    for index, cell in enumerate(row):
        cells[roles[index] if index < len(roles) else "label"].append(cell)
    if not cells["text"][0].strip():
        raise place.error("the text is empty")
    labels = checked_labels([cell for cell in cells["label"] if cell.strip()], place)
    return DocumentRecord(
        cells["text"][0],
        labels=labels,
        labeled=bool(labels),
        split=parse_split(_single(cells["split"]), place),
        external_id=_single(cells["id"]),
        line=place.line or 0,
    )


def _single(cells: list[str]) -> str | None:
    """The stripped cell of an optional one-column role; None when absent or blank."""
    return (cells[0].strip() or None) if cells else None


def _check_width(row: list[str], roles: tuple[str, ...], place: Place) -> None:
    """Label columns at the end may be missing (unlabeled) or repeated (more labels)."""
    required = max(i for i, role in enumerate(roles) if role != "label") + 1
    too_long = len(row) > len(roles) and roles[-1] != "label"
    if len(row) < required or too_long:
        raise place.error(f"expected {len(roles)} columns, found {len(row)}")


def _write(
    records: Iterable[DocumentRecord],
    path: Path,
    dialect: dict[str, Any],
    clean: Callable[[str], str],
) -> int:
    count = 0
    with open_output(path) as out:
        writer = csv.writer(out, lineterminator="\n", **dialect)
        writer.writerow(HEADERLESS)
        for record in records:
            writer.writerow([clean(record.text), *map(clean, record.labels)])
            count += 1
    return count


def _flatten(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
