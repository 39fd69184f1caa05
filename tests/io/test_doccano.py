"""doccano JSONL exports for sequence labeling and classification."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.doccano import read_doccano, write_doccano
from ptcore.records import DocumentRecord, Span
from tests.io.conftest import MakeFile


def test_span_triples_and_ids(make_file: MakeFile) -> None:
    line = (
        '{"id": 3, "text": "张三 lives in 😀 Paris", "label": [[14, 19, "LOC"], [0, 2, "PER"]]}\n'
    )
    (record,) = read_doccano(make_file("a.jsonl", line))
    assert record.entities == [Span(0, 2, "PER"), Span(14, 19, "LOC")]
    assert (record.external_id, record.labeled, record.labels) == ("3", True, [])


def test_newer_entities_objects(make_file: MakeFile) -> None:
    line = (
        '{"id": 1, "text": "Bob", "entities": '
        '[{"id": 9, "label": "PER", "start_offset": 0, "end_offset": 3}], "relations": []}\n'
    )
    (record,) = read_doccano(make_file("a.jsonl", line))
    assert record.entities == [Span(0, 3, "PER")]


def test_classification_label_list_and_cats(make_file: MakeFile) -> None:
    path = make_file(
        "a.jsonl",
        '{"text": "好", "label": ["pos"]}\n{"text": "差", "cats": ["neg", "short"]}\n'
        '{"text": "not yet", "label": []}\n',
    )
    got = [(r.labels, r.labeled) for r in read_doccano(path)]
    assert got == [(["pos"], True), (["neg", "short"], True), ([], False)]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"text": "abc", "label": [[0, 1, "X"], "pos"]}', "mixes spans"),
        ('{"text": "abc", "label": [[0, 2, "X"], [1, 3, "Y"]]}', "entities overlap"),
        (
            '{"text": "abc", "entities": [{"start_offset": 0, "end_offset": 9, "label": "X"}]}',
            "outside",
        ),
        (
            '{"text": "abc", "entities": [{"start_offset": 0, "label": "X"}]}',
            '"end_offset" must be',
        ),
        ('{"label": ["pos"]}', '"text" is missing'),
    ],
)
def test_problems_name_the_line(make_file: MakeFile, line: str, problem: str) -> None:
    path = make_file("a.jsonl", '{"text": "ok", "label": []}\n' + line + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_doccano(path))
    assert caught.value.line == 2
    assert problem in caught.value.problem


def test_write_then_read_spans_and_classes(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            "北京 😀 Bob", entities=[Span(0, 2, "LOC"), Span(5, 8, "PER")], labeled=True
        ),
        DocumentRecord("great", labels=["pos", "fun"], labeled=True, external_id="42"),
    ]
    assert write_doccano(records, tmp_path / "out.jsonl") == 2
    back = list(read_doccano(tmp_path / "out.jsonl"))
    fields = [(r.text, r.entities, r.labels, r.external_id) for r in back]
    assert fields == [(r.text, r.entities, r.labels, r.external_id) for r in records]
    assert '"id": 42' in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
