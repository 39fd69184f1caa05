"""Label Studio JSON exports: a list of tasks (or one task) with ``data`` and annotations.

The text is ``data.text``, the field the user names (``--text-field``, as in the
labelling config's ``<Text value="$field"/>``), or the task data's only string field.
The first annotation that was not cancelled is read: ``labels`` results become entity
spans, ``choices`` results become document labels, other result types are ignored.
Cancelled annotations are counted as skipped; predictions are not gold, so a warning
says how many tasks had them.
Offsets are code points, as Label Studio has stored them since 2021; older exports
counted UTF-16 units, so a span whose ``text`` only matches that way is converted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    check_range,
    checked_entities,
    checked_labels,
    json_id,
    optional_id,
    require_int,
    require_list,
    require_text,
)
from ptcore.io.json_stream import JsonStream
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind, open_output
from ptcore.records import DocumentRecord, Span


def read_label_studio(
    path: Path, report: ImportReport | None = None, text_field: str | None = None
) -> Iterator[DocumentRecord]:
    """One record per task; ``line`` is the task's position in the list, from 1."""
    report = report if report is not None else ImportReport()
    with JsonStream(path, report) as stream:
        predicted = 0
        for number, task in _tasks(stream):
            yield _record(task, Place(path, None, f"task {number}"), report, number, text_field)
            predicted += bool(isinstance(task, dict) and task.get("predictions"))
        stream.end()
    if predicted:
        report.warn(f"{predicted} tasks carry predictions, which are not gold: not imported")


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
    task: Any, place: Place, report: ImportReport, number: int, text_field: str | None
) -> DocumentRecord:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise place.error('expected an object with "data": {"text": ...}')
    text = require_text(task["data"], text_field or _text_field(task["data"], place), place)
    annotation = _first_annotation(task, place, report, number)
    results = require_list(annotation.get("result", []), '"result"', place) if annotation else []
    spans = [_span(r, text, place, report) for r in results if _kind(r, place) == "labels"]
    choices = [c for r in results if _kind(r, place) == "choices" for c in _choices(r, place)]
    return DocumentRecord(
        text,
        labels=checked_labels(choices, place),
        entities=checked_entities([s for group in spans for s in group], text, place),
        labeled=annotation is not None,
        external_id=optional_id(task.get("id"), place),
        line=number,
    )


def _text_field(data: dict[str, Any], place: Place) -> str:
    """``text``, or the only string field; several candidates need the user's choice."""
    if "text" in data:
        return "text"
    fields = [key for key, value in data.items() if isinstance(value, str)]
    if len(fields) == 1:
        return fields[0]
    found = ", ".join(f'"{key}"' for key in data) or "none"
    raise place.error(
        f"cannot tell which task data field is the text (fields: {found}); "
        "name it with --text-field"
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


def _kind(result: Any, place: Place) -> str:
    if not isinstance(result, dict) or not isinstance(result.get("value"), dict):
        raise place.error('each result must be an object with a "value" object')
    return str(result.get("type", ""))


def _choices(result: dict[str, Any], place: Place) -> list[Any]:
    return require_list(result["value"].get("choices"), '"choices"', place)


def _span(result: dict[str, Any], text: str, place: Place, report: ImportReport) -> list[Span]:
    """One span per label name on the result (several labels on one span will overlap)."""
    value = result["value"]
    start = require_int(value.get("start"), '"start"', place)
    end = require_int(value.get("end"), '"end"', place)
    start, end = _code_points(text, start, end, value.get("text"), place, report)
    names = checked_labels(require_list(value.get("labels"), '"labels"', place), place)
    return [Span(start, end, name) for name in names]


def _code_points(
    text: str, start: int, end: int, expected: Any, place: Place, report: ImportReport
) -> tuple[int, int]:
    if not isinstance(expected, str) or text[start:end] == expected:
        return start, end
    converted = _from_utf16(text, start, end)
    if converted is not None and text[converted[0] : converted[1]] == expected:
        report.warn(f"{place.record}: span offsets counted UTF-16 units; converted")
        return converted
    check_range(start, end, text, f"span [{start}, {end})", place)
    found = text[start:end]
    raise place.error(f'span [{start}, {end}) says "{expected}" but the text there is "{found}"')


def _from_utf16(text: str, start: int, end: int) -> tuple[int, int] | None:
    units = text.encode("utf-16-le")
    try:
        before = units[: 2 * start].decode("utf-16-le")
        inside = units[2 * start : 2 * end].decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return len(before), len(before) + len(inside)


def _task(record: DocumentRecord) -> dict[str, Any]:
    task: dict[str, Any] = {"data": {"text": record.text}, "annotations": []}
    if record.external_id is not None:
        task["id"] = json_id(record.external_id)
    if record.labeled:
        task["annotations"] = [{"result": _results(record)}]
    return task


def _results(record: DocumentRecord) -> list[dict[str, Any]]:
    results = [_span_result(record.text, span, index) for index, span in enumerate(record.entities)]
    if record.labels:
        results.append(_result("c0", "choice", "choices", {"choices": record.labels}))
    return results


def _span_result(text: str, span: Span, index: int) -> dict[str, Any]:
    value = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
    return _result(f"e{index}", "label", "labels", {**value, "labels": [span.label]})


def _result(rid: str, control: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    """One result as Label Studio writes it, for a ``<Text name="text">`` object."""
    return {"id": rid, "from_name": control, "to_name": "text", "type": kind, "value": value}
