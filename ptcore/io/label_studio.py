"""Label Studio JSON exports: a list of tasks (or one task) with ``data`` and annotations.

The text field is chosen by the labelling config, the export, ``--text-field`` or the
data's fields, in that order (see ``label_studio_config``). The first annotation that
was not cancelled is gold: ``labels`` results become entity spans, ``choices`` results
document labels, other result types are ignored (see ``label_studio_results``).
Cancelled annotations are counted as skipped. ``predictions`` are a model's, never
gold: each becomes a suggestion the project stores apart, as an imported run; the
writer writes a record's suggestions back as predictions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import checked_entities, checked_labels, json_id, optional_id, require_list
from ptcore.io.json_stream import JsonStream
from ptcore.io.label_studio_config import (
    TextSource,
    chosen_source,
    field_in_results,
    guessed_field,
    read_label_config,
    text_of,
)
from ptcore.io.label_studio_predictions import prediction_objects, read_suggestions
from ptcore.io.label_studio_results import read_results, results_for
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind, open_output
from ptcore.records import DocumentRecord


def read_label_studio(
    path: Path,
    report: ImportReport | None = None,
    text_field: str | None = None,
    label_config: Path | None = None,
) -> Iterator[DocumentRecord]:
    """One record per task; ``line`` is the task's position in the list, from 1."""
    report = report if report is not None else ImportReport()
    config = read_label_config(Path(label_config)) if label_config else None
    source = chosen_source(config, text_field)
    with JsonStream(path, report) as stream:
        predicted = 0
        for number, task in _tasks(stream):
            record = _record(task, Place(path, None, f"task {number}"), report, number, source)
            predicted += bool(record.suggestions)
            yield record
        stream.end()
    if predicted:
        report.note(f"{predicted} tasks carry predictions: kept as model suggestions, not gold")


def _tasks(stream: JsonStream) -> Iterator[tuple[int, Any]]:
    """Each task of the list, one at a time; or the one task an object is."""
    if stream.kind() == "an object":  # one task, as the task page's export gives it
        task = stream.value("task 1")
        if not isinstance(task, dict) or "data" not in task:
            raise Place(stream.path, None).error(
                "expected a list of Label Studio tasks or one task, found another object"
            )
        yield 1, task
        return
    if stream.kind() != "a list":
        raise Place(stream.path, None).error(
            f"expected a list of Label Studio tasks, found {stream.kind()}"
        )
    for number in stream.array():
        yield number, stream.value(f"task {number}")


def write_label_studio(records: Iterable[DocumentRecord], path: Path) -> int:
    """Written one task at a time, so a large project never sits in memory as JSON."""
    count = 0
    with open_output(path) as out:
        out.write("[")
        for count, record in enumerate(records, start=1):
            out.write(",\n" if count > 1 else "\n")
            out.write(json.dumps(_task(record), ensure_ascii=False))
        out.write("\n]\n")
    return count


def _record(
    task: Any, place: Place, report: ImportReport, number: int, source: TextSource | None
) -> DocumentRecord:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise place.error('expected an object with "data": {"text": ...}')
    data = task["data"]
    source = source or TextSource(field_in_results(task) or guessed_field(data, place))
    text = text_of(data, source, place)
    annotation = _first_annotation(task, place, report, number)
    results = require_list(annotation.get("result", []), '"result"', place) if annotation else []
    regions = read_results(results, text, place, report)
    return DocumentRecord(
        text,
        labels=checked_labels(regions.choices, place),
        entities=checked_entities(regions.entities, text, place),
        labeled=annotation is not None,
        external_id=optional_id(task.get("id"), place),
        line=number,
        suggestions=read_suggestions(task, text, place, report),
    )


def _first_annotation(
    task: dict[str, Any], place: Place, report: ImportReport, number: int
) -> dict[str, Any] | None:
    """The first annotation not cancelled (``completions`` in exports before 1.0)."""
    annotations = require_list(
        task.get("annotations", task.get("completions", [])), '"annotations"', place
    )
    chosen = None
    for annotation in annotations:
        if not isinstance(annotation, dict):
            raise place.error(f"an annotation must be an object, not {json_kind(annotation)}")
        if annotation.get("was_cancelled"):
            report.skip(number, "a cancelled annotation")
        elif chosen is None:
            chosen = annotation
    return chosen


def _task(record: DocumentRecord) -> dict[str, Any]:
    task: dict[str, Any] = {"data": {"text": record.text}, "annotations": []}
    if record.external_id is not None:
        task["id"] = json_id(record.external_id)
    if record.labeled:
        spans = [(span, None) for span in record.entities]
        task["annotations"] = [{"result": results_for(record.text, spans, record.labels)}]
    if record.suggestions:
        task["predictions"] = prediction_objects(record)
    return task
