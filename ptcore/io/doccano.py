"""doccano JSONL exports, for sequence labeling and for text classification.

Spans come as ``"label": [[start, end, "LOC"], ...]`` (older exports) or as
``"entities": [{"start_offset", "end_offset", "label"}, ...]`` (newer ones); classes as
``"label": ["pos"]`` or ``"cats": ["pos"]``. doccano exports every example, annotated
or not, with an empty list for the latter, so an empty list reads as unlabeled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    checked_entities,
    checked_label,
    checked_labels,
    optional_id,
    parse_split,
    require_int,
    require_list,
    require_text,
    span_from_triple,
    with_id_and_split,
)
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, iter_json_lines, json_kind, write_json_lines
from ptcore.records import DocumentRecord, Span


def read_doccano(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    for number, item in iter_json_lines(path, report):
        place = Place(path, number)
        text = require_text(
            item, "data" if "data" in item and "text" not in item else "text", place
        )
        spans, classes = _annotations(item, place)
        yield DocumentRecord(
            text,
            labels=classes,
            entities=checked_entities(spans, text, place),
            labeled=bool(spans or classes),
            split=parse_split(item.get("split"), place),
            external_id=optional_id(item.get("id"), place),
            line=number,
        )


def write_doccano(records: Iterable[DocumentRecord], path: Path) -> int:
    """Spans for NER records, class names otherwise, both under ``label``."""
    return write_json_lines((_item(record) for record in records), path)


def _annotations(item: dict[str, Any], place: Place) -> tuple[list[Span], list[str]]:
    """``(entity spans, class labels)``; a record carries one kind or the other."""
    if item.get("entities") is not None:
        entities = require_list(item["entities"], '"entities"', place)
        return [_offset_span(entity, place) for entity in entities], []
    if item.get("cats") is not None:
        return [], checked_labels(require_list(item["cats"], '"cats"', place), place)
    values = require_list(item.get("label", []), '"label"', place)
    if all(isinstance(value, list) for value in values):
        return [span_from_triple(value, place) for value in values], []
    if any(isinstance(value, list) for value in values):
        raise place.error('"label" mixes spans [start, end, label] and class names')
    return [], checked_labels(values, place)


def _offset_span(entity: Any, place: Place) -> Span:
    if not isinstance(entity, dict):
        raise place.error(f"an entity must be an object, not {json_kind(entity)}")
    return Span(
        require_int(entity.get("start_offset"), '"start_offset"', place),
        require_int(entity.get("end_offset"), '"end_offset"', place),
        checked_label(entity.get("label"), place),
    )


def _item(record: DocumentRecord) -> dict[str, Any]:
    spans = [[span.start, span.end, span.label] for span in record.entities]
    item: dict[str, Any] = {"text": record.text, "label": spans or record.labels}
    return with_id_and_split(item, record)
