"""Hostile but plausible files: each gets a message naming the file and place, never a crash.

Deep nesting, huge numbers, lone surrogates, quadratic tokens, CR line ends and huge
lines (issue 11, finding 4 and the size limits of finding 9).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.errors import InputFileError, UserError
from ptcore.io.limits import ReadLimits
from ptcore.io.registry import ImportReport, read_records
from ptcore.records import Task
from ptcore.store.project import Project
from tests.io.conftest import MakeFile

DEEP = "[" * 50_000 + "]" * 50_000
HUGE = "1" * 5_000
# (format, task, a file with VALUE in a spot a reader decodes)
JSON_FILES = [
    ("jsonl", Task.CLASSIFICATION, '{"text": "ok", "label": "a"}\n{"text": "a", "x": VALUE}\n'),
    ("ner-jsonl", Task.NER, '{"text": "ok"}\n{"text": "a", "x": VALUE}\n'),
    ("doccano", Task.NER, '{"text": "ok", "label": []}\n{"text": "a", "x": VALUE}\n'),
    (
        "qa-jsonl",
        Task.QA,
        '{"context": "c", "question": "q"}\n{"context": "c", "question": "r", "x": VALUE}\n',
    ),
    ("label-studio", Task.CLASSIFICATION, '[{"data": {"text": "ok"}},\n{"data": {"text": VALUE}}]'),
    (
        "squad",
        Task.QA,
        '{"data": [{"paragraphs": [{"context": "ok", "qas": []}]},\n'
        '{"paragraphs": [{"context": "c", "qas": VALUE}]}]}',
    ),
    ("cmrc", Task.QA, '[{"context_text": "ok", "qas": []},\n{"context_text": "c", "x": VALUE}]'),
]
PLACES = {
    "label-studio": "line 2: task 2",
    "squad": "line 2: article 2",
    "cmrc": "line 2: context 2",
}


def _refusal(make_file: MakeFile, fmt: str, task: Task, content: str) -> InputFileError:
    path = make_file(f"hostile.{fmt}", content)
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, task, fmt))
    assert str(caught.value).startswith(f"{path}, {PLACES.get(fmt, 'line 2')}: ")
    return caught.value


@pytest.mark.parametrize(("fmt", "task", "content"), JSON_FILES)
def test_deep_nesting_is_refused_naming_the_place(
    make_file: MakeFile, fmt: str, task: Task, content: str
) -> None:
    error = _refusal(make_file, fmt, task, content.replace("VALUE", DEEP))
    assert error.problem.endswith("the JSON nests more than 100 levels deep")


@pytest.mark.parametrize(("fmt", "task", "content"), JSON_FILES)
def test_a_5000_digit_number_is_refused_naming_the_place(
    make_file: MakeFile, fmt: str, task: Task, content: str
) -> None:
    error = _refusal(make_file, fmt, task, content.replace("VALUE", HUGE))
    assert error.problem.endswith("a number is longer than 100 digits: 11111111111111111111...")


@pytest.mark.parametrize(("fmt", "task", "content"), JSON_FILES)
def test_a_lone_surrogate_is_refused_naming_the_place(
    make_file: MakeFile, fmt: str, task: Task, content: str
) -> None:
    error = _refusal(make_file, fmt, task, content.replace("VALUE", r'["caf\ud800"]'))
    assert 'lone surrogate \\ud800 after "caf"' in error.problem


def test_a_surrogate_pair_is_text_and_is_kept(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "\\ud83d\\ude00 ok"}\n')
    (record,) = read_records(path, Task.CLASSIFICATION, "jsonl")
    assert record.text == "😀 ok"


def test_nan_is_not_a_json_number(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a", "x": NaN}\n')
    with pytest.raises(InputFileError, match=r"line 1: NaN is not a JSON number"):
        list(read_records(path, Task.CLASSIFICATION, "jsonl"))


@pytest.mark.parametrize(
    ("where", "content"),
    [
        ("text", '{"text": "caf\\udc00", "label": "a"}\n'),
        ("label", '{"text": "ok", "label": "a\\ud800"}\n'),
    ],
)
def test_a_surrogate_never_reaches_the_store(
    tmp_path: Path, make_file: MakeFile, where: str, content: str
) -> None:
    """Today ``text_hash`` and ``add_label`` raised UnicodeEncodeError on these."""
    path = make_file("a.jsonl", '{"text": "fine", "label": "a"}\n' * 2500 + content)
    with Project.create(tmp_path / "p.db", "classification", ["a"]) as project:
        with pytest.raises(InputFileError, match="line 2501: a string holds a lone surrogate"):
            project.import_records(read_records(path, project.task, "jsonl"), path)
        assert project.documents.count() == 0


def test_a_long_digit_token_in_a_column_file_takes_linear_time(make_file: MakeFile) -> None:
    """The Weibo word-position regex took 66 s on a 60 kB token like this one."""
    path = make_file("a.conll", "中0 O\n文1 O\n\n" + "1" * 60_000 + "x O\n\n")
    started = time.perf_counter()
    with pytest.raises(InputFileError, match="line 4: expected a character and its word"):
        list(read_records(path, Task.NER, "conll"))
    assert time.perf_counter() - started < 2


def test_word_positions_split_the_trailing_digits() -> None:
    from ptcore.io.conll import word_position

    assert word_position("中0") == ("中", 0)
    assert word_position("中12") == ("中", 12)
    assert word_position("12") == ("1", 2)
    assert word_position("中") is None
    assert word_position("1" * 5_000) is None  # int() of it raised ValueError


@pytest.mark.parametrize(
    ("fmt", "task", "content", "texts"),
    [
        ("txt", Task.CLASSIFICATION, "one\rtwo\r\rthree", ["one", "two", "three"]),
        ("csv", Task.CLASSIFICATION, 'text,label\r"a\rb",x\rc,y\r', ["a\rb", "c"]),
        ("jsonl", Task.CLASSIFICATION, '{"text": "a"}\r{"text": "b"}\r', ["a", "b"]),
        ("conll", Task.NER, "EU B-ORG\rrejects O\r\rPeter B-PER\r", ["EU rejects", "Peter"]),
        ("conll", Task.NER, "EU B-ORG\r\nrejects O\r\n\r\nPeter B-PER", ["EU rejects", "Peter"]),
    ],
)
def test_cr_only_and_crlf_line_ends_split_documents(
    make_file: MakeFile, fmt: str, task: Task, content: str, texts: list[str]
) -> None:
    records = list(read_records(make_file(f"a.{fmt}", content), task, fmt))
    assert [record.text for record in records] == texts


def test_cr_only_lines_are_numbered(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a"}\r{"text": "b"}\r{"text": 3}\r')
    with pytest.raises(InputFileError, match=r"line 3: \"text\" must be a string"):
        list(read_records(path, Task.CLASSIFICATION, "jsonl"))


def test_a_document_over_the_limit_is_refused_with_the_knob(make_file: MakeFile) -> None:
    path = make_file("a.txt", "short\n" + "x" * 1_000_001 + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.CLASSIFICATION, "txt"))
    assert str(caught.value) == (
        f"{path}, line 2: the text has 1,000,001 characters; a document may hold at most "
        "1,000,000 characters (raise the limit with --max-document-size)"
    )
    report = ImportReport(limits=ReadLimits(max_document_chars=2_000_000))
    assert len(list(read_records(path, Task.CLASSIFICATION, "txt", report))) == 2


def test_a_huge_line_is_refused_without_reading_it_whole(make_file: MakeFile) -> None:
    import tracemalloc

    path = make_file("a.txt", b"x" * 30_000_000)
    report = ImportReport(limits=ReadLimits(max_document_chars=1_000))
    tracemalloc.start()
    try:
        with pytest.raises(InputFileError, match="line 1: the line is over 1,056,576 bytes"):
            list(read_records(path, Task.CLASSIFICATION, "txt", report))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


def test_the_cli_takes_a_maximum_document_size(
    tmp_path: Path, make_file: MakeFile, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.db"
    path = make_file("a.txt", "a" * 50 + "\n")
    assert main(["init", str(project), "--task", "classification"]) == 0
    assert main(["import", str(project), str(path), "--max-document-size", "10"]) == 1
    assert "line 1: the text has 50 characters; a document may hold at most 10 " in (
        capsys.readouterr().err
    )
    assert main(["import", str(project), str(path), "--max-document-size", "50"]) == 0


def test_format_detection_survives_deep_nesting_and_huge_numbers(make_file: MakeFile) -> None:
    for value in (DEEP, HUGE):
        path = make_file("a.json", '{"text": "a", "x": ' + value + "}\n")
        with pytest.raises(UserError):
            list(read_records(path, Task.CLASSIFICATION))


def test_a_syntax_error_in_a_streamed_file_names_its_line(make_file: MakeFile) -> None:
    tasks = [{"data": {"text": f"t{n}"}} for n in range(3)]
    content = json.dumps(tasks, indent=2).replace('"t2"', '"t2" oops')
    path = make_file("a.json", content)
    records = read_records(path, Task.CLASSIFICATION, "label-studio")
    assert [next(records).text, next(records).text] == ["t0", "t1"]
    with pytest.raises(InputFileError) as caught:
        next(records)
    assert caught.value.line == content.splitlines().index('      "text": "t2" oops') + 1
    assert "not valid JSON" in caught.value.problem


def _paragraph(n: int) -> dict[str, object]:
    context = f"Paragraph {n} is about the river {n}. " * 25
    answer = {"text": f"river {n}", "answer_start": context.index(f"river {n}")}
    return {"context": context, "qas": [{"id": str(n), "question": "Which?", "answers": [answer]}]}


def _write_large(path: Path, fmt: str, count: int) -> None:
    paragraphs = [_paragraph(n) for n in range(count)]
    if fmt == "squad":
        content = json.dumps({"data": [{"paragraphs": paragraphs}]})
    elif fmt == "label-studio":
        content = json.dumps([{"data": {"text": p["context"]}} for p in paragraphs])
    elif fmt == "cmrc":
        content = json.dumps([{"context_text": p["context"], "qas": []} for p in paragraphs])
    else:
        lines = [{"context": p["context"], "question": "Which?"} for p in paragraphs]
        content = "".join(json.dumps(line) + "\n" for line in lines)
    path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "task"),
    [("squad", Task.QA), ("label-studio", Task.NER), ("cmrc", Task.QA), ("qa-jsonl", Task.QA)],
)
def test_large_json_files_are_read_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, task: Task
) -> None:
    """With reads of 64 KiB, a 2 MB file is read in well under 1 MB (today: the whole file)."""
    import tracemalloc

    monkeypatch.setattr("ptcore.io.lines.CHUNK", 1 << 16, raising=False)
    monkeypatch.setattr("ptcore.io.json_stream.CHUNK", 1 << 16, raising=False)
    path = tmp_path / f"large.{fmt}"
    _write_large(path, fmt, 2_000)
    assert path.stat().st_size > 1_900_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_records(path, task, fmt))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 2_000
    assert peak < 1_000_000
