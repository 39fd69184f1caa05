"""The streaming JSON walker: its messages name the line, whatever the chunk boundaries."""

from __future__ import annotations

import pytest

from ptcore.errors import InputFileError
from ptcore.io.registry import read_records
from ptcore.records import Task
from tests.io.conftest import MakeFile


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("  \n\r\n", None, "file is empty"),
        ("<html>", None, "expected a list of Label Studio tasks, found text that is not JSON"),
        ('[{"data": {"text": "a"}},\r{"data": {"text": "b"}}\r,\r', 3, "ends too early"),
        ('[{"data": {"text": "a"}}]\n\n]', 3, "not valid JSON: Extra data"),
        ('[{"data": {"text": "a"}}\n{"data": {"text": "b"}}]', 2, "Expecting ',' delimiter"),
    ],
)
def test_problems_name_the_line(
    make_file: MakeFile, content: str, line: int | None, problem: str
) -> None:
    path = make_file("a.json", content)
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.CLASSIFICATION, "label-studio"))
    assert caught.value.line == line
    assert problem in caught.value.problem


def test_records_across_chunk_boundaries_are_read_whole(make_file: MakeFile) -> None:
    """The first read is 4 KiB: texts and numbers that straddle it must not be cut."""
    texts = [f"{n} " + "é" * (n * 37 % 5000) for n in range(300)]
    tasks = ",\n".join(
        f'{{"id": {10**15 + n}, "data": {{"text": "{t}"}}}}' for n, t in enumerate(texts)
    )
    path = make_file("a.json", f"[{tasks}]")
    records = list(read_records(path, Task.CLASSIFICATION, "label-studio"))
    assert [r.text for r in records] == texts
    assert [r.external_id for r in records] == [str(10**15 + n) for n in range(300)]


def test_bytes_that_are_not_utf8_name_their_line(make_file: MakeFile) -> None:
    content = b'[{"data": {"text": "a"}},\n' * 500 + b'{"data": {"text": "\xff"}}]'
    with pytest.raises(InputFileError) as caught:
        list(read_records(make_file("a.json", content), Task.CLASSIFICATION, "label-studio"))
    assert caught.value.line == 501
    assert "not UTF-8" in caught.value.problem
