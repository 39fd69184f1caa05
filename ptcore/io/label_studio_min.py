"""Label Studio's JSON-MIN export: one flat object per annotated task.

Each object holds the task data's fields (``text`` and any others), one field per
control named by its ``from_name`` holding that control's answer, and bookkeeping
(``id``, ``annotator``, ``annotation_id``, ``created_at``, ``updated_at``,
``lead_time``). A ``Labels`` control's field is a list of ``{"start", "end", "text",
"labels"}``; a single ``Choices`` control's a name, a multiple one's
``{"choices": [...]}``. (https://labelstud.io/guide/export#JSON-MIN) The CSV and TSV
exports have the same fields as columns, lists and objects written as JSON in a cell.

A plain string field may be a choice or more task data: with one such field beside
the text it is read as the choice (and a note says so); with several the file is
refused with their names rather than guessed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    checked_entities,
    checked_label,
    checked_labels,
    optional_id,
    require_int,
    require_list,
    require_text,
)
from ptcore.io.json_records import iter_json_records
from ptcore.io.label_studio_config import chosen_source, read_label_config
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_text_lines, json_kind
from ptcore.records import DocumentRecord, Span

BOOKKEEPING = frozenset(
    {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time", "meta"}
)


def read_label_studio_min(
    path: Path,
    report: ImportReport | None = None,
    text_field: str | None = None,
    label_config: Path | None = None,
) -> Iterator[DocumentRecord]:
    text_field = _configured(text_field, label_config)
    for number, place, item in iter_json_records(path, report):
        yield flat_task_record(item, number, place, report, text_field)


def read_label_studio_csv(
    path: Path,
    report: ImportReport | None = None,
    text_field: str | None = None,
    label_config: Path | None = None,
) -> Iterator[DocumentRecord]:
    """The CSV (or, by its name, TSV) export: JSON-MIN's fields as columns, JSON in cells."""
    text_field = _configured(text_field, label_config)
    lines = (line for _, line in iter_text_lines(path, report))
    rows = csv.reader(lines, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    header: list[str] = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if not header:
            header = row
            continue
        place = Place(path, rows.line_num)
        if len(row) != len(header):
            raise place.error(f"expected {len(header)} columns as in the header, found {len(row)}")
        item = {key: _cell(value) for key, value in zip(header, row, strict=True)}
        yield flat_task_record(item, rows.line_num, place, report, text_field)


def _configured(text_field: str | None, label_config: Path | None) -> str | None:
    """The text field the labelling config names, else the user's."""
    config = read_label_config(Path(label_config)) if label_config else None
    source = chosen_source(config, text_field)
    return source.field if source else None


def flat_task_record(
    item: dict[str, Any],
    number: int,
    place: Place,
    report: ImportReport | None,
    text_field: str | None,
) -> DocumentRecord:
    """One JSON-MIN object or CSV row: the text, then every control's field."""
    field = text_field or "text"
    text = require_text(item, field, place)
    spans: list[Span] = []
    labels: list[str] = []
    controls = {k: v for k, v in item.items() if k not in BOOKKEEPING and k != field}
    _check_plain_strings(controls, place, report)
    for key, value in controls.items():
        _read_control(key, value, place, spans, labels)
    return DocumentRecord(
        text,
        labels=checked_labels(labels, place),
        entities=checked_entities(spans, text, place),
        labeled=True,
        external_id=optional_id(item.get("id"), place),
        line=number,
    )


def _cell(value: str) -> Any:
    """A CSV cell: the JSON Label Studio wrote for lists and objects, else the text."""
    if value.startswith(("[", "{")):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _check_plain_strings(
    controls: dict[str, Any], place: Place, report: ImportReport | None
) -> None:
    plain = [key for key, value in controls.items() if isinstance(value, str)]
    if len(plain) > 1:
        names = ", ".join(f'"{key}"' for key in plain)
        raise place.error(
            f"fields {names} may each be a choice or task data; "
            "export the task data without the extra fields, or use the JSON export"
        )
    note = f'read "{plain[0]}" as the choice label' if plain else ""
    if note and report is not None and note not in report.notes:
        report.note(note)


def _read_control(key: str, value: Any, place: Place, spans: list[Span], labels: list[str]) -> None:
    """Add what one control's field holds; a field that is neither is refused by name."""
    if isinstance(value, str):
        labels.append(value)
    elif isinstance(value, dict) and "choices" in value:
        labels.extend(require_list(value["choices"], f'"{key}"."choices"', place))
    elif isinstance(value, list) and all(isinstance(v, dict) and "start" in v for v in value):
        spans.extend(_span(region, key, place) for region in value)
    else:
        raise place.error(
            f'"{key}" is {json_kind(value)} that is neither a choice nor labelled regions; '
            "if it is the text, name it with --text-field"
        )


def _span(region: dict[str, Any], key: str, place: Place) -> Span:
    names = require_list(region.get("labels"), f'"{key}" "labels"', place)
    if len(names) != 1:
        raise place.error(f'a region of "{key}" has {len(names)} labels; one is needed')
    return Span(
        require_int(region.get("start"), f'"{key}" "start"', place),
        require_int(region.get("end"), f'"{key}" "end"', place),
        checked_label(names[0], place),
    )
