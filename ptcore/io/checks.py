"""Field checks and conversions shared by the readers and writers.

The store checks records again, but only a reader knows the line, so readers catch
what they can here, naming the place: missing fields, wrong types, spans outside the
text, overlapping entities.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from ptcore.io.text_io import Place, json_kind
from ptcore.records import DocumentRecord, Span, Split

SPLIT_NAMES = {
    "train": Split.TRAIN,
    "dev": Split.DEV,
    "valid": Split.DEV,
    "validation": Split.DEV,
    "test": Split.TEST,
}


def require_text(item: dict[str, Any], key: str, place: Place) -> str:
    """The non-blank string under ``key``."""
    value = item.get(key)
    if value is None:
        raise place.error(f'"{key}" is missing')
    if not isinstance(value, str):
        raise place.error(f'"{key}" must be a string, not {json_kind(value)}')
    if not value.strip():
        raise place.error(f'"{key}" is empty')
    return value


def require_int(value: Any, what: str, place: Place) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise place.error(f"{what} must be a whole number, not {json_kind(value)}")
    return value


def require_list(value: Any, what: str, place: Place) -> list[Any]:
    if not isinstance(value, list):
        raise place.error(f"{what} must be a list, not {json_kind(value)}")
    return value


def checked_label(value: Any, place: Place) -> str:
    """A label name, stripped: numbers are accepted because many files use 0/1."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise place.error(f"a label must be a string, not {json_kind(value)}")
    if not value.strip():
        raise place.error("a label is empty")
    return value.strip()


def checked_labels(values: list[Any], place: Place) -> list[str]:
    """Label names without repeats, in file order."""
    return list(dict.fromkeys(checked_label(value, place) for value in values))


def optional_id(value: Any, place: Place) -> str | None:
    """An external id: strings and numbers are kept as text."""
    if value is None or isinstance(value, str):
        return value
    return str(require_int(value, "an id", place))


def json_id(external_id: str | None) -> str | int | None:
    """Numeric ids go back out as numbers, as tools like doccano wrote them."""
    if external_id is not None and external_id.isdigit() and str(int(external_id)) == external_id:
        return int(external_id)
    return external_id


def parse_split(value: Any, place: Place) -> Split | None:
    if value is None:
        return None
    split = SPLIT_NAMES.get(str(value).strip().lower())
    if split is None:
        raise place.error(f'unknown split "{value}"; expected train, dev or test')
    return split


def span_from_triple(item: Any, place: Place) -> Span:
    """``[start, end, label]`` with an end-exclusive ``end``."""
    if not isinstance(item, list) or len(item) != 3:
        raise place.error(f"an entity must be [start, end, label], not {json.dumps(item)}")
    start, end, label = item
    return Span(
        require_int(start, "start", place),
        require_int(end, "end", place),
        checked_label(label, place),
    )


def checked_entities(spans: list[Span], text: str, place: Place) -> list[Span]:
    """Spans sorted by position, exact repeats dropped; raise on a bad or overlapping one."""
    ordered = list(dict.fromkeys(sorted(spans, key=lambda s: (s.start, s.end, s.label))))
    for span in ordered:
        check_range(span.start, span.end, text, f"entity {describe(span, text)}", place)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            first, second = describe(before, text), describe(after, text)
            raise place.error(f"entities overlap: {first} and {second}")
    return ordered


def check_range(start: int, end: int, text: str, what: str, place: Place) -> None:
    if start < 0 or end > len(text):
        raise place.error(f"{what} is outside the text, which has {len(text)} characters")
    if start >= end:
        raise place.error(f"{what} is empty or reversed: start must be less than end")


def describe(span: Span, text: str) -> str:
    """``[3, 8) LOC "Paris"``: enough for a person to find the span."""
    inside = 0 <= span.start < span.end <= len(text)
    quoted = f' "{text[span.start : span.end]}"' if inside else ""
    return f"[{span.start}, {span.end}) {span.label}{quoted}"


def with_id_and_split(item: dict[str, Any], record: DocumentRecord) -> dict[str, Any]:
    """Add ``id`` and ``split`` when the record has them, for the JSON Lines writers."""
    if record.external_id is not None:
        item["id"] = json_id(record.external_id)
    if record.split is not None:
        item["split"] = str(record.split)
    return item
