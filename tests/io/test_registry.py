"""The public entry points: round trips through every format, task checks, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError, UserError
from ptcore.io import FORMATS, ImportReport, read_records, write_records
from ptcore.records import Answer, DocumentRecord, Question, Span, Task
from tests.io.conftest import MakeFile

SAMPLES = {
    Task.CLASSIFICATION: [
        DocumentRecord("I love it 😀", labels=["pos"], labeled=True),
        DocumentRecord("很好，非常满意", labels=["pos"], labeled=True),
        DocumentRecord('He said "no, thanks"', labels=["neg"], labeled=True),
    ],
    Task.MULTILABEL: [
        DocumentRecord("Funny and sad 😀", labels=["funny", "sad"], labeled=True),
        DocumentRecord("悲伤的故事", labels=["sad"], labeled=True),
    ],
    Task.NER: [
        DocumentRecord(
            "John lives in New York 😀",
            entities=[Span(0, 4, "PER"), Span(14, 22, "LOC")],
            labeled=True,
        ),
        DocumentRecord(
            "张三在北京工作", entities=[Span(0, 2, "PER"), Span(3, 5, "LOC")], labeled=True
        ),
        DocumentRecord("我爱 Python 😀", entities=[Span(3, 9, "LANG")], labeled=True),
    ],
    Task.QA: [
        DocumentRecord(
            "北京是中国的首都。Beijing is the capital 😀.",
            questions=[
                Question("首都？", [Answer(0, 2), Answer(9, 16)], external_id="q1"),
                Question("Unanswerable?", no_answer=True, external_id="q2"),
            ],
        ),
        DocumentRecord(
            "Paris is in France.",
            questions=[Question("Where?", [Answer(12, 18)], external_id="q3")],
        ),
    ],
}
FILE_NAMES = {
    "csv": "out.csv",
    "tsv": "out.tsv",
    "jsonl": "out.jsonl",
    "doccano": "out.jsonl",
    "prodigy": "out.jsonl",
    "fasttext": "out.txt",
    "brat": "out_brat",
    "label-studio": "out.json",
    "conll": "out.conll",
    "ner-jsonl": "out.jsonl",
    "squad": "out.json",
    "qa-jsonl": "out.jsonl",
    "yedda": "out.txt.ann",
}
ROUND_TRIPS = [
    (name, task)
    for name, spec in FORMATS.items()
    if spec.reader and spec.writer and name != "txt"
    for task in sorted(spec.tasks)
]


def content(record: DocumentRecord) -> tuple[object, ...]:
    questions = [(q.text, q.answers, q.no_answer, q.external_id) for q in record.questions]
    return record.text, record.labels, record.entities, questions


@pytest.mark.parametrize(("name", "task"), ROUND_TRIPS)
def test_export_then_import_gives_the_same_records(tmp_path: Path, name: str, task: Task) -> None:
    path = tmp_path / FILE_NAMES[name]
    assert write_records(SAMPLES[task], path, task, name) == len(SAMPLES[task])
    report = ImportReport()
    back = list(read_records(path, task, report=report))  # the format is detected
    assert [content(r) for r in back] == [content(r) for r in SAMPLES[task]]
    assert report.documents == len(SAMPLES[task])


def test_every_format_with_both_directions_is_round_tripped() -> None:
    both = {name for name, spec in FORMATS.items() if spec.reader and spec.writer}
    assert both - {"txt"} == set(FILE_NAMES)


@pytest.mark.parametrize("task", [Task.CLASSIFICATION, Task.MULTILABEL, Task.NER])
def test_txt_round_trip_keeps_the_texts(tmp_path: Path, task: Task) -> None:
    write_records(SAMPLES[task], tmp_path / "out.txt", task, "txt")
    back = list(read_records(tmp_path / "out.txt", task))
    assert [r.text for r in back] == [r.text for r in SAMPLES[task]]


def test_the_report_counts_documents_and_annotations(make_file: MakeFile) -> None:
    path = make_file("a.csv", "text,label\n好,pos\nbad,neg\n")
    report = ImportReport()
    records = read_records(path, "classification", report=report)
    assert report.format == "csv"
    list(records)
    assert (report.documents, report.annotations) == (2, 2)


def test_two_labels_in_a_single_label_project_name_the_line(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "label": ["x", "y"]}\n')
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.CLASSIFICATION))
    assert caught.value.line == 2
    assert caught.value.problem == "has 2 labels (x, y), but a single-label project takes one"


def test_an_empty_label_list_in_a_single_label_project_names_the_line(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "label": []}\n')
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.CLASSIFICATION))
    assert caught.value.line == 2
    assert caught.value.problem.startswith("has an empty label list")


def test_spans_in_a_classification_project_name_the_task(make_file: MakeFile) -> None:
    result = {"type": "labels", "value": {"start": 0, "end": 1, "labels": ["X"]}}
    tasks = [{"data": {"text": "abc"}, "annotations": [{"result": [result]}]}]
    path = make_file("a.json", json.dumps(tasks))
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.CLASSIFICATION))
    assert caught.value.problem.startswith("task 1: has entity spans")


def test_class_labels_in_an_ner_project_are_refused(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a", "label": ["pos"]}\n')
    with pytest.raises(InputFileError, match="has document labels, but a ner project"):
        list(read_records(path, Task.NER, "doccano"))


@pytest.mark.parametrize(
    ("task", "name", "message"),
    [
        (Task.NER, "csv", "a csv file holds classification or multilabel data, not ner"),
        (Task.NER, "yaml", 'unknown format "yaml"'),
        (Task.NER, "hf-jsonl", "can be exported but not imported"),
    ],
)
def test_format_problems_are_raised_before_reading(
    make_file: MakeFile, task: Task, name: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        read_records(make_file("a.txt", "x\n"), task, name)


def test_an_import_only_format_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="can be imported but not exported"):
        write_records([], tmp_path / "x.json", Task.QA, "cmrc")


def test_hf_jsonl_is_written_through_the_registry(tmp_path: Path) -> None:
    count = write_records(SAMPLES[Task.MULTILABEL], tmp_path / "hf.jsonl", "multilabel", "hf-jsonl")
    first = json.loads((tmp_path / "hf.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (count, first["label"]) == (2, ["funny", "sad"])


READABLE = [name for name, spec in FORMATS.items() if spec.reader]


@pytest.mark.parametrize("name", READABLE)
def test_every_reader_calls_an_empty_file_empty(make_file: MakeFile, name: str) -> None:
    task = sorted(FORMATS[name].tasks)[0]
    with pytest.raises(InputFileError, match="file is empty"):
        list(read_records(make_file("empty", "\n \n"), task, name))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("csv", "text,label\n中文,pos\n"),
        ("tsv", "text\tlabel\n中文\tpos\n"),
        ("txt", "ok\n中文\n"),
        ("jsonl", '{"text": "ok"}\n{"text": "中文"}\n'),
        ("conll", "ok O\n中 O\n"),
        ("ner-jsonl", '{"text": "ok"}\n{"text": "中文"}\n'),
        ("doccano", '{"text": "ok"}\n{"text": "中文"}\n'),
        ("qa-jsonl", '{"context": "ok", "question": "?"}\n{"context": "中文", "question": "?"}\n'),
        ("squad", '{"data": [\n{"title": "中文"}]}'),
        ("label-studio", '[\n{"data": {"text": "中文"}}]'),
        ("cmrc", '[\n{"context_text": "中文"}]'),
    ],
)
def test_every_reader_names_the_first_line_that_is_not_utf8(
    make_file: MakeFile, name: str, content: str
) -> None:
    task = sorted(FORMATS[name].tasks)[0]
    with pytest.raises(InputFileError) as caught:
        list(read_records(make_file("gbk", content, encoding="gbk"), task, name))
    assert (caught.value.line, caught.value.problem) == (
        2,
        "not UTF-8 text; save the file as UTF-8",
    )
