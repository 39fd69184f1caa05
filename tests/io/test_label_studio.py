"""Label Studio JSON exports: labels and choices, cancelled annotations, UTF-16 offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.label_studio import read_label_studio, write_label_studio
from ptcore.io.report import ImportReport
from ptcore.records import DocumentRecord, Span
from tests.io.conftest import MakeFile


def span_result(start: int, end: int, text: str, label: str) -> dict[str, object]:
    value = {"start": start, "end": end, "text": text, "labels": [label]}
    return {"from_name": "label", "to_name": "text", "type": "labels", "value": value}


def task(text: str, *results: dict[str, object], **extra: object) -> dict[str, object]:
    return {"id": 5, "data": {"text": text}, "annotations": [{"result": list(results)}], **extra}


def write_tasks(make_file: MakeFile, tasks: list[dict[str, object]]) -> Path:
    return make_file("export.json", json.dumps(tasks, ensure_ascii=False, indent=2))


def test_labels_and_choices(make_file: MakeFile) -> None:
    choice = {
        "type": "choices",
        "value": {"choices": ["news"]},
        "from_name": "c",
        "to_name": "text",
    }
    path = write_tasks(make_file, [task("张三 in Paris", span_result(0, 2, "张三", "PER"), choice)])
    (record,) = read_label_studio(path)
    assert (record.entities, record.labels) == ([Span(0, 2, "PER")], ["news"])
    assert (record.external_id, record.line, record.labeled) == ("5", 1, True)


def test_cancelled_annotations_are_passed_over(make_file: MakeFile) -> None:
    cancelled = {"was_cancelled": True, "result": [span_result(0, 1, "a", "X")]}
    second = {"result": [span_result(2, 3, "c", "Y")]}
    path = write_tasks(make_file, [{"data": {"text": "abc"}, "annotations": [cancelled, second]}])
    (record,) = read_label_studio(path)
    assert record.entities == [Span(2, 3, "Y")]


def test_a_task_without_annotations_is_unlabeled(make_file: MakeFile) -> None:
    path = write_tasks(make_file, [{"data": {"text": "abc"}, "annotations": []}])
    (record,) = read_label_studio(path)
    assert (record.labeled, record.entities) == (False, [])


def test_old_utf16_offsets_are_converted_and_reported(make_file: MakeFile) -> None:
    # JavaScript counts 😀 as two units, so "Paris" sits at 3..8 in UTF-16 but 2..7 in Python.
    path = write_tasks(make_file, [task("😀 Paris", span_result(3, 8, "Paris", "LOC"))])
    report = ImportReport()
    (record,) = read_label_studio(path, report)
    assert record.entities == [Span(2, 7, "LOC")]
    assert report.warnings == ["task 1: span offsets counted UTF-16 units; converted"]


def test_a_span_whose_text_does_not_match_names_the_task(make_file: MakeFile) -> None:
    good = task("abc", span_result(0, 1, "a", "X"))
    path = write_tasks(make_file, [good, task("abc", span_result(0, 2, "bc", "X"))])
    with pytest.raises(InputFileError) as caught:
        list(read_label_studio(path))
    assert caught.value.line is None
    assert caught.value.problem == 'task 2: span [0, 2) says "bc" but the text there is "ab"'


def test_an_export_that_is_neither_a_list_nor_a_task_is_refused(make_file: MakeFile) -> None:
    path = make_file("export.json", '{"tasks": [{"data": {"text": "x"}}]}')
    with pytest.raises(InputFileError, match="expected a list of Label Studio tasks"):
        list(read_label_studio(path))


def test_write_then_read(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            "😀 张三 in Paris", entities=[Span(2, 4, "PER"), Span(8, 13, "LOC")], labeled=True
        ),
        DocumentRecord("好评", labels=["pos"], labeled=True, external_id="9"),
        DocumentRecord("labeled, nothing found", labeled=True),
        DocumentRecord("not yet"),
    ]
    assert write_label_studio(records, tmp_path / "out.json") == 4
    back = list(read_label_studio(tmp_path / "out.json"))
    fields = [(r.text, r.entities, r.labels, r.labeled, r.external_id) for r in back]
    assert fields == [(r.text, r.entities, r.labels, r.labeled, r.external_id) for r in records]
