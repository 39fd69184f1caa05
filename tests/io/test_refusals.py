"""A file no format fits: the error names the file and why each kind of file refused it."""

from __future__ import annotations

import random

import pytest

from ptcore.errors import UserError
from ptcore.io import detect_format, read_records
from ptcore.records import Task
from tests.io.conftest import MakeFile


def refusal(path: object, task: Task = Task.NER) -> str:
    with pytest.raises(UserError) as caught:
        detect_format(path, task)  # type: ignore[arg-type]
    return str(caught.value)


def test_truncated_json_says_where_it_ends(make_file: MakeFile) -> None:
    path = make_file("tasks.json", '[\n  {"data": {"text": "Paris is\n')
    message = refusal(path)
    assert message.startswith(f"{path}: cannot tell the file's format. Tried:")
    assert "JSON: the file ends inside a string at line 2 — truncated?" in message
    assert "JSON Lines: line 1 is not JSON" in message
    assert "CoNLL columns: line 1 has 1 column" in message
    assert "Choose one with --format:" in message


def test_random_bytes_are_called_binary(make_file: MakeFile) -> None:
    noise = bytes(random.Random(7).randrange(256) for _ in range(4096))
    path = make_file("blob.dat", b"\x89PNG" + noise)
    message = refusal(path)
    assert str(path) in message
    assert "text of any kind: byte" in message and "a binary file" in message


def test_json_of_an_unknown_shape_names_its_fields(make_file: MakeFile) -> None:
    path = make_file("a.json", '{"rows": [1, 2], "meta": {}}')
    assert 'JSON: it is an object with "rows", "meta", which no JSON format holds' in refusal(path)


def test_columns_that_do_not_end_in_tags_name_the_line(make_file: MakeFile) -> None:
    path = make_file("words.dat", "EU B-ORG\nrejects verb\n")
    assert 'CoNLL columns: line 2 ends in "verb"' in refusal(path)


def test_reading_without_a_format_gives_the_same_reasons(make_file: MakeFile) -> None:
    path = make_file("tasks.json", '[{"data": {"text": "x')
    with pytest.raises(UserError, match="ends inside a string at line 1"):
        list(read_records(path, Task.CLASSIFICATION))
