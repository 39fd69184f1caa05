"""NER JSON Lines, in our shape and in the CLUENER shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.jsonl_spans import read_ner_jsonl, write_ner_jsonl
from ptcore.records import DocumentRecord, Span, Split
from tests.io.conftest import MakeFile


def test_entities_are_read_sorted(make_file: MakeFile) -> None:
    line = '{"text": "😀 张三在北京", "entities": [[5, 7, "LOC"], [2, 4, "PER"]], "id": "a1"}\n'
    (record,) = read_ner_jsonl(make_file("a.jsonl", line))
    assert record.entities == [Span(2, 4, "PER"), Span(5, 7, "LOC")]
    assert (record.labeled, record.external_id, record.line) == (True, "a1", 1)


def test_cluener_ends_are_inclusive(make_file: MakeFile) -> None:
    line = (
        '{"text": "浙商银行叶老桂说", "label": {"name": {"叶老桂": [[4, 6]]}, '
        '"company": {"浙商银行": [[0, 3]]}}}\n'
    )
    (record,) = read_ner_jsonl(make_file("a.json", line))
    assert record.entities == [Span(0, 4, "company"), Span(4, 7, "name")]


def test_no_entities_key_means_unlabeled_and_an_empty_list_labeled(make_file: MakeFile) -> None:
    path = make_file("a.jsonl", '{"text": "a"}\n{"text": "b", "entities": []}\n')
    assert [r.labeled for r in read_ner_jsonl(path)] == [False, True]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            '{"text": "abc", "entities": [[1, 9, "X"]]}',
            "is outside the text, which has 3 characters",
        ),
        ('{"text": "abc", "entities": [[2, 2, "X"]]}', "is empty or reversed"),
        ('{"text": "abc", "entities": [[2, 1, "X"]]}', "is empty or reversed"),
        ('{"text": "abc", "entities": [[-1, 1, "X"]]}', "is outside the text"),
        (
            '{"text": "New York", "entities": [[0, 8, "LOC"], [4, 8, "GPE"]]}',
            'entities overlap: [0, 8) LOC "New York" and [4, 8) GPE "York"',
        ),
        ('{"text": "abc", "entities": [[0, 1]]}', "an entity must be [start, end, label]"),
        ('{"text": "abc", "entities": [["0", 1, "X"]]}', "start must be a whole number"),
        (
            '{"text": "北京", "label": {"LOC": {"上海": [[0, 1]]}}}',
            'does not match the text there, "北京"',
        ),
        ('{"text": "北京", "label": {"LOC": {"北京": [[0, 2]]}}}', "is outside the text"),
        ('{"text": "abc", "label": [[0, 1, "X"]]}', "use the doccano format"),
    ],
)
def test_bad_spans_name_the_line(make_file: MakeFile, line: str, problem: str) -> None:
    path = make_file("a.jsonl", '{"text": "fine"}\n' + line + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_ner_jsonl(path))
    assert caught.value.line == 2
    assert problem in caught.value.problem


def test_write_then_read(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            "Bob 去了 北京 😀",
            entities=[Span(0, 3, "PER"), Span(7, 9, "LOC")],
            labeled=True,
            split=Split.DEV,
            external_id="7",
        ),
        DocumentRecord("unlabeled"),
    ]
    assert write_ner_jsonl(records, tmp_path / "out.jsonl") == 2
    back = list(read_ner_jsonl(tmp_path / "out.jsonl"))
    fields = [(r.text, r.entities, r.labeled, r.split, r.external_id) for r in back]
    assert fields == [(r.text, r.entities, r.labeled, r.split, r.external_id) for r in records]
