"""QA JSON Lines, one question per line, grouped into documents by context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.qa_jsonl import read_qa_jsonl, write_qa_jsonl
from ptcore.records import Answer, DocumentRecord, Question, Split
from tests.io.conftest import MakeFile

ONE = "北京是中国的首都 😀。"
TWO = "Paris is in France."


def line(context: str, question: str, answers: dict[str, list[object]] | None, qid: str) -> str:
    item: dict[str, object] = {"id": qid, "title": "", "context": context, "question": question}
    if answers is not None:
        item["answers"] = answers
    return json.dumps(item, ensure_ascii=False) + "\n"


def test_lines_with_the_same_context_become_one_document_in_order(make_file: MakeFile) -> None:
    path = make_file(
        "qa.jsonl",
        line(ONE, "首都？", {"text": ["北京"], "answer_start": [0]}, "a")
        + line(TWO, "Where?", {"text": ["France"], "answer_start": [12]}, "b")
        + "\n"
        + line(ONE, "None?", {"text": [], "answer_start": []}, "c")
        + line(ONE, "Open?", None, "d"),
    )
    records = list(read_qa_jsonl(path))
    assert [(r.text, r.line, r.labeled) for r in records] == [(ONE, 1, False), (TWO, 2, True)]
    assert records[0].questions == [
        Question("首都？", [Answer(0, 2)], external_id="a"),
        Question("None?", no_answer=True, external_id="c"),
        Question("Open?", external_id="d"),
    ]


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        (
            {"text": ["Paris"], "answer_start": [3]},
            'the answer "Paris" at 3 does not match the context there, "is is"',
        ),
        (
            {"text": ["France"], "answer_start": [15]},
            "is outside the context, which has 19 characters",
        ),
        ({"text": ["Paris"], "answer_start": []}, '"answers" has 1 texts but 0 starts'),
        ({"text": [""], "answer_start": [0]}, "an answer text must be a non-empty string"),
    ],
)
def test_bad_answers_name_the_line(
    make_file: MakeFile, answers: dict[str, list[object]], problem: str
) -> None:
    path = make_file("qa.jsonl", line(TWO, "?", None, "a") + line(TWO, "?", answers, "b"))
    with pytest.raises(InputFileError) as caught:
        list(read_qa_jsonl(path))
    assert caught.value.line == 2
    assert problem in caught.value.problem


def test_write_then_read(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            ONE,
            questions=[
                Question("首都？", [Answer(0, 2)], external_id="a"),
                Question("None?", no_answer=True, external_id="b"),
                Question("Open?", external_id="c"),
            ],
        ),
        DocumentRecord(TWO, questions=[Question("Where?", [Answer(12, 18)], external_id="d")]),
    ]
    assert write_qa_jsonl(records, tmp_path / "out.jsonl") == 2
    back = list(read_qa_jsonl(tmp_path / "out.jsonl"))
    assert [(r.text, r.questions) for r in back] == [(r.text, r.questions) for r in records]


def test_lines_of_one_context_apart_are_read_back_from_their_offsets(make_file: MakeFile) -> None:
    lines = [
        '{"context": "Rome é", "question": "q1", "id": "a"}',
        '{"context": "Oslo", "question": "q2", "id": "b"}',
        "",
        '{"context": "Rome é", "question": "q3", "id": "c", "split": "dev"}',
    ]
    path = make_file("a.jsonl", "\ufeff" + "\r\n".join(lines) + "\r")
    records = list(read_qa_jsonl(path))
    assert [(r.text, r.line, r.split) for r in records] == [
        ("Rome é", 1, Split.DEV),
        ("Oslo", 2, None),
    ]
    assert [q.external_id for q in records[0].questions] == ["a", "c"]
