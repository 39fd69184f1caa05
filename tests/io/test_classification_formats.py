"""Classification JSON Lines and plain text lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.classification_formats import read_jsonl, read_txt, write_jsonl, write_txt
from ptcore.records import DocumentRecord, Split
from tests.io.conftest import MakeFile


def test_jsonl_labels_in_every_shape(make_file: MakeFile) -> None:
    path = make_file(
        "a.jsonl",
        '{"text": "好", "label": "pos"}\n'
        '{"text": "😀 both", "labels": ["pos", "fun"]}\n'
        '{"text": "numeric", "label": 1}\n'
        '{"text": "none apply", "label": []}\n'
        '{"text": "unlabeled"}\n',
    )
    got = [(r.labels, r.labeled, r.line) for r in read_jsonl(path)]
    assert got == [
        (["pos"], True, 1),
        (["pos", "fun"], True, 2),
        (["1"], True, 3),
        ([], True, 4),
        ([], False, 5),
    ]


def test_jsonl_keeps_id_and_split(make_file: MakeFile) -> None:
    (record,) = read_jsonl(make_file("a.jsonl", '{"id": 12, "text": "x", "split": "test"}\n'))
    assert (record.external_id, record.split) == ("12", Split.TEST)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"label": "pos"}', '"text" is missing'),
        ('{"text": 5}', '"text" must be a string, not a number'),
        ('{"text": "x", "label": {"a": 1}}', "a label must be a string, not an object"),
        ('{"text": "x", "label": ""}', "a label is empty"),
        (
            '{"text": "x", "split": "holdout"}',
            'unknown split "holdout"; expected train, dev or test',
        ),
    ],
)
def test_jsonl_problems_name_the_line(make_file: MakeFile, line: str, problem: str) -> None:
    path = make_file("a.jsonl", '{"text": "fine"}\n\n' + line + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_jsonl(path))
    assert (caught.value.line, caught.value.problem) == (3, problem)


def test_write_jsonl_single_label_as_string_multilabel_as_list(tmp_path: Path) -> None:
    records = [DocumentRecord("好", labels=["pos"], labeled=True, split=Split.TRAIN)]
    write_jsonl(records, tmp_path / "single.jsonl", multilabel=False)
    write_jsonl(records, tmp_path / "multi.jsonl", multilabel=True)
    single = (tmp_path / "single.jsonl").read_text(encoding="utf-8")
    assert single == '{"text": "好", "label": "pos", "split": "train"}\n'
    assert '"label": ["pos"]' in (tmp_path / "multi.jsonl").read_text(encoding="utf-8")


def test_txt_reads_each_non_blank_line_unlabeled(make_file: MakeFile) -> None:
    path = make_file("a.txt", "\ufefffirst 😀\r\n\n  \n第二行\n")
    got = [(r.text, r.labeled, r.line) for r in read_txt(path)]
    assert got == [("first 😀", False, 1), ("第二行", False, 4)]


def test_write_txt_keeps_each_document_on_one_line(tmp_path: Path) -> None:
    records = [DocumentRecord("one\ntwo"), DocumentRecord("三")]
    assert write_txt(records, tmp_path / "out.txt") == 2
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "one two\n三\n"
