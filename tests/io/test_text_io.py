"""Encodings, byte-order marks, empty files and broken JSON, the same for every reader."""

from __future__ import annotations

import pytest

from ptcore.errors import InputFileError
from ptcore.io.report import ImportReport
from ptcore.io.text_io import iter_json_lines, iter_text_lines, read_json
from tests.io.conftest import MakeFile


def test_lines_are_numbered_from_one_and_keep_their_ends(make_file: MakeFile) -> None:
    path = make_file("a.txt", "first\r\nsecond 😀\n\nfourth")
    assert list(iter_text_lines(path)) == [
        (1, "first\r\n"),
        (2, "second 😀\n"),
        (3, "\n"),
        (4, "fourth"),
    ]


def test_a_byte_order_mark_is_stripped_and_reported(make_file: MakeFile) -> None:
    path = make_file("a.txt", "\ufeff中文\n")
    report = ImportReport()
    assert list(iter_text_lines(path, report)) == [(1, "中文\n")]
    assert report.bom_stripped
    assert report.notes == ["removed the byte-order mark at the start of the file"]


def test_gbk_text_is_rejected_at_the_first_line_that_is_not_utf8(make_file: MakeFile) -> None:
    path = make_file("a.txt", "plain ascii\n中文内容\n", encoding="gbk")
    with pytest.raises(InputFileError) as caught:
        list(iter_text_lines(path))
    assert caught.value.line == 2
    assert "not UTF-8 text; save the file as UTF-8" in str(caught.value)


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff"])
def test_a_file_without_content_is_empty(make_file: MakeFile, content: str) -> None:
    with pytest.raises(InputFileError, match="file is empty"):
        list(iter_text_lines(make_file("a.txt", content)))


def test_truncated_json_names_its_last_line(make_file: MakeFile) -> None:
    path = make_file("a.json", '{\n  "data": [\n    {"title": "x",\n')
    with pytest.raises(InputFileError) as caught:
        read_json(path)
    assert caught.value.line == 3
    assert "ends too early" in caught.value.problem


def test_json_syntax_errors_name_line_and_column(make_file: MakeFile) -> None:
    path = make_file("a.json", '{\n  "a": 1,\n  "b": oops\n}\n')
    with pytest.raises(InputFileError) as caught:
        read_json(path)
    assert caught.value.line == 3
    assert "column 8" in caught.value.problem


def test_gbk_json_names_the_line(make_file: MakeFile) -> None:
    path = make_file("a.json", '{\n"text": "中文"}\n', encoding="gbk")
    with pytest.raises(InputFileError) as caught:
        read_json(path)
    assert caught.value.line == 2


def test_json_lines_skip_blank_lines_and_reject_non_objects(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"a": 1}\n\n[1, 2]\n')
    lines = iter_json_lines(path)
    assert next(lines) == (1, {"a": 1})
    with pytest.raises(InputFileError) as caught:
        next(lines)
    assert caught.value.line == 3
    assert "found a list" in caught.value.problem


def test_a_cut_json_line_is_named(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "ok"}\n{"text": "cut\n')
    with pytest.raises(InputFileError) as caught:
        list(iter_json_lines(path))
    assert caught.value.line == 2
