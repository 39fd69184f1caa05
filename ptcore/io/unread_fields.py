"""Refuse records whose annotations sit in a field the chosen reader does not read.

A reader that quietly skips a field holding labels turns annotated data into
unannotated data, the worst kind of loss because nothing looks wrong. Each JSON
reader names the fields it reads; any other annotation field that is not empty stops
the import with the field's name and, where the record's keys show it, the format
that reads it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ptcore.io.detect import record_format
from ptcore.io.text_io import Place
from ptcore.records import Task

ANNOTATION_FIELDS = (
    "label",
    "labels",
    "entities",
    "spans",
    "annotations",
    "completions",
    "predictions",
    "cats",
    "accept",
    "answer",
    "tags",
    "ner_tags",
)


def refuse_unread(
    item: dict[str, Any], read: Collection[str], format_name: str, place: Place
) -> None:
    """Raise if ``item`` has a non-empty annotation field outside ``read``."""
    for key in ANNOTATION_FIELDS:
        if key not in read and item.get(key) not in (None, [], {}, ""):
            raise place.error(
                f'"{key}" holds annotations that the {format_name} format does not read; '
                + _hint(item, format_name)
            )


def _hint(item: dict[str, Any], format_name: str) -> str:
    guess = record_format(item, Task.NER) or record_format(item, Task.CLASSIFICATION)
    if guess is not None and guess.name != format_name:
        return (
            f"the record looks like {guess.name} ({guess.reason}): use --format {guess.name}"
            f" (with --text-only to leave its annotations behind)"
        )
    return "choose the format that reads it, or remove the field to import the text alone"
