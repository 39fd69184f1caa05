"""Format detection by extension and content."""

from __future__ import annotations

import json

import pytest

from ptcore.errors import InputFileError, UserError
from ptcore.io import detect_format
from ptcore.records import Task
from tests.io.conftest import MakeFile

CONLL = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n"
SQUAD = {"version": "1.1", "data": [{"title": "t", "paragraphs": [{"context": "c", "qas": []}]}]}


@pytest.mark.parametrize(
    ("name", "content", "task", "expected"),
    [
        ("a.csv", "text,label\nx,y\n", Task.CLASSIFICATION, "csv"),
        ("a.tsv", "sentence\tlabel\nx\t1\n", Task.MULTILABEL, "tsv"),
        ("a.txt", "just a sentence\n", Task.CLASSIFICATION, "txt"),
        ("a.txt", "just a sentence\n", Task.NER, "txt"),
        ("train.txt", CONLL, Task.NER, "conll"),
        ("train.char.bmes", "高 B-NAME\n勇 E-NAME\n", Task.NER, "conll"),
        ("weiboNER_2nd_conll.train", "科0\tO\n技1\tO\n", Task.NER, "conll"),
        ("a.conll", "", Task.NER, "conll"),
        ("a.jsonl", '{"text": "x", "label": "pos"}\n', Task.CLASSIFICATION, "jsonl"),
        ("a.jsonl", '{"text": "x"}\n', Task.CLASSIFICATION, "jsonl"),
        ("a.jsonl", '{"text": "x"}\n', Task.NER, "ner-jsonl"),
        ("a.jsonl", '{"text": "x", "entities": [[0, 1, "X"]]}\n', Task.NER, "ner-jsonl"),
        (
            "train.json",
            '{"text": "北京", "label": {"LOC": {"北京": [[0, 1]]}}}\n',
            Task.NER,
            "ner-jsonl",
        ),
        (
            "a.jsonl",
            '{"text": "x", "label": []}\n{"text": "y", "label": [[0, 1, "X"]]}\n',
            Task.NER,
            "doccano",
        ),
        ("a.jsonl", '{"text": "x", "entities": [{"start_offset": 0}]}\n', Task.NER, "doccano"),
        ("a.jsonl", '{"text": "x", "cats": ["pos"]}\n', Task.CLASSIFICATION, "doccano"),
        ("a.jsonl", '{"context": "c", "question": "q"}\n', Task.QA, "qa-jsonl"),
        ("a.json", json.dumps(SQUAD), Task.QA, "squad"),
        ("a.json", json.dumps(SQUAD, indent=2), Task.QA, "squad"),
        (
            "a.json",
            '[{"id": 1, "data": {"text": "x"}, "annotations": []}]',
            Task.NER,
            "label-studio",
        ),
        ("a.json", '[{"context_id": "C", "context_text": "c", "qas": []}]', Task.QA, "cmrc"),
    ],
)
def test_detection(make_file: MakeFile, name: str, content: str, task: Task, expected: str) -> None:
    assert detect_format(make_file(name, content), task) == expected


def test_a_long_one_line_squad_file_is_found_from_its_start(make_file: MakeFile) -> None:
    paragraphs = [{"context": "x" * 1000, "qas": []}] * 200
    root = {"data": [{"title": "t", "paragraphs": paragraphs}], "version": "1.1"}
    assert detect_format(make_file("big.json", json.dumps(root)), Task.QA) == "squad"


def test_undecidable_content_asks_for_a_format(make_file: MakeFile) -> None:
    with pytest.raises(UserError, match="cannot tell the file's format"):
        detect_format(make_file("notes.dat", "some words\n"), Task.NER)


def test_a_format_for_another_task_is_refused(make_file: MakeFile) -> None:
    with pytest.raises(UserError, match=r"looks like a squad file .*, which holds qa data, not"):
        detect_format(make_file("a.json", json.dumps(SQUAD)), Task.NER)


def test_an_empty_file_is_reported_as_empty(make_file: MakeFile) -> None:
    with pytest.raises(InputFileError, match="file is empty"):
        detect_format(make_file("a.json", "\n"), Task.QA)


def test_a_missing_file() -> None:
    with pytest.raises(UserError, match="no such file"):
        detect_format("/nonexistent/file.csv", Task.CLASSIFICATION)
