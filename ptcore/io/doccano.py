"""doccano exports, for sequence labeling and for text classification.

Spans come as ``"label"`` or ``"labels"``: ``[[start, end, "LOC"], ...]`` (1.x and
later, and flair's JSONL), as ``"entities": [{"start_offset", "end_offset", "label"}]``
(relation projects) or as doccano 1.0's ``"annotations": [{"label", "start_offset",
"end_offset", "user"}]``; classes as ``"label": ["pos"]``, ``"cats": ["pos"]`` or
1.0's ``"annotations": [{"label"}]``. The text is ``"text"``, or ``"data"`` in 1.0.
Files are JSON Lines, a JSON array, or pretty-printed. doccano exports every example,
annotated or not, with an empty list for the latter, so an empty list reads as
unlabeled. Relations cannot be stored: a warning says how many were left out.
(Shapes from doccano's ``backend/data_export`` examples and its 1.0 README.)
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
from ptcore.io.json_records import iter_json_records
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind, write_json_lines
from ptcore.io.unread_fields import refuse_unread
from ptcore.records import DocumentRecord, Span

READ = ("label", "labels", "entities", "annotations", "cats")


def read_doccano(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    relations = 0
    for number, place, item in iter_json_records(path, report):
        refuse_unread(item, READ, "doccano", place)
        text = require_text(
            item, "data" if "data" in item and "text" not in item else "text", place
        )
        spans, classes = _annotations(item, place)
        relations += len(item.get("relations") or [])
        yield DocumentRecord(
            text,
            labels=classes,
            entities=checked_entities(spans, text, place),
            labeled=bool(spans or classes),
            split=parse_split(item.get("split"), place),
            external_id=optional_id(item.get("id"), place),
            line=number,
        )
    if relations and report is not None:
        report.warn(f"{relations} relations were not imported: projects hold no relations")


def write_doccano(records: Iterable[DocumentRecord], path: Path) -> int:
    """Spans for NER records, class names otherwise, both under ``label``."""
    return write_json_lines((_item(record) for record in records), path)


def _annotations(item: dict[str, Any], place: Place) -> tuple[list[Span], list[str]]:
    """``(entity spans, class labels)``; a record carries one kind or the other."""
    if item.get("entities") is not None:
        entities = require_list(item["entities"], '"entities"', place)
        return [_offset_span(entity, place) for entity in entities], []
    if item.get("annotations") is not None:
        return _v1_annotations(require_list(item["annotations"], '"annotations"', place), place)
    if item.get("cats") is not None:
        return [], checked_labels(require_list(item["cats"], '"cats"', place), place)
    key = "labels" if item.get("label") is None and "labels" in item else "label"
    values = require_list(item.get(key, []), f'"{key}"', place)
    if all(isinstance(value, list) for value in values):
        return [span_from_triple(value, place) for value in values], []
    if any(isinstance(value, list) for value in values):
        raise place.error(f'"{key}" mixes spans [start, end, label] and class names')
    return [], checked_labels(values, place)


def _v1_annotations(annotations: list[Any], place: Place) -> tuple[list[Span], list[str]]:
    """doccano 1.0: spans carry offsets, class annotations only a label."""
    for annotation in annotations:
        if not isinstance(annotation, dict):
            raise place.error(f"an annotation must be an object, not {json_kind(annotation)}")
    spans = [_offset_span(a, place) for a in annotations if "start_offset" in a]
    classes = [a.get("label") for a in annotations if "start_offset" not in a]
    if spans and classes:
        raise place.error('"annotations" mixes spans and class labels')
    return spans, checked_labels(classes, place)


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
