"""NER as JSON Lines: ``{"text", "entities": [[start, end, "LOC"], ...]}``.

Ends are exclusive. The CLUENER shape is read too, ``{"text", "label": {"type":
{"mention": [[start, end], ...]}}}``, whose ends are inclusive and whose mention text
must match the text at that place. A record with neither key is unlabeled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    check_range,
    checked_entities,
    checked_label,
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


def read_ner_jsonl(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    for number, place, item in iter_json_records(path, report):
        refuse_unread(item, ("entities", "label"), "ner-jsonl", place)
        text = require_text(item, "text", place)
        spans = _spans(item, text, place)
        yield DocumentRecord(
            text,
            entities=checked_entities(spans or [], text, place),
            labeled=spans is not None,
            split=parse_split(item.get("split"), place),
            external_id=optional_id(item.get("id"), place),
            line=number,
        )


def write_ner_jsonl(records: Iterable[DocumentRecord], path: Path) -> int:
    return write_json_lines((_item(record) for record in records), path)


def _spans(item: dict[str, Any], text: str, place: Place) -> list[Span] | None:
    if item.get("entities") is not None:
        entities = require_list(item["entities"], '"entities"', place)
        return [span_from_triple(entity, place) for entity in entities]
    if item.get("label") is not None:
        return _cluener_spans(item["label"], text, place)
    return None


def _cluener_spans(label: Any, text: str, place: Place) -> list[Span]:
    if isinstance(label, list):
        raise place.error(
            '"label" is a list; for [[start, end, "type"]] lists use the doccano format'
        )
    if not isinstance(label, dict):
        raise place.error(f'"label" must map types to mentions, not {json_kind(label)}')
    spans = []
    for kind, mentions in label.items():
        if not isinstance(mentions, dict):
            raise place.error(
                f'"label"."{kind}" must map mentions to places, not {json_kind(mentions)}'
            )
        for mention, places in mentions.items():
            spans += [
                _mention_span(pair, mention, checked_label(kind, place), text, place)
                for pair in require_list(places, f'places of "{mention}"', place)
            ]
    return spans


def _mention_span(pair: Any, mention: str, kind: str, text: str, place: Place) -> Span:
    """CLUENER's ``[start, end]`` has an inclusive end; the mention must be found there."""
    if not isinstance(pair, list) or len(pair) != 2:
        raise place.error(f'a place of "{mention}" must be [start, end], not {pair}')
    start, last = (require_int(value, "an offset", place) for value in pair)
    check_range(start, last + 1, text, f'{kind} "{mention}" at [{start}, {last}]', place)
    if text[start : last + 1] != mention:
        found = text[start : last + 1]
        raise place.error(
            f'{kind} "{mention}" at [{start}, {last}] does not match the text there, "{found}"'
        )
    return Span(start, last + 1, kind)


def _item(record: DocumentRecord) -> dict[str, Any]:
    item: dict[str, Any] = {"text": record.text}
    if record.labeled:
        item["entities"] = [[span.start, span.end, span.label] for span in record.entities]
    return with_id_and_split(item, record)
