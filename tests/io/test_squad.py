"""SQuAD v1.1/v2.0 and CMRC 2018, including CMRC's wrong answer offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.cmrc import read_cmrc
from ptcore.io.report import ImportReport
from ptcore.io.squad import read_squad, write_squad
from ptcore.records import Answer, DocumentRecord, Question
from tests.io.conftest import MakeFile

CONTEXT = "北京是中国的首都。Beijing is the capital 😀. 北京很大。"


def squad(*qas: dict[str, object], context: str = CONTEXT) -> dict[str, object]:
    paragraph = {"id": "P1", "context": context, "qas": list(qas)}
    return {"version": "v2.0", "data": [{"title": "t", "paragraphs": [paragraph]}]}


def qa(qid: str, question: str, *answers: tuple[str, int], **extra: object) -> dict[str, object]:
    items = [{"text": text, "answer_start": start} for text, start in answers]
    return {"id": qid, "question": question, "answers": items, **extra}


def read(make_file: MakeFile, root: object) -> tuple[list[DocumentRecord], ImportReport]:
    report = ImportReport()
    path = make_file("squad.json", json.dumps(root, ensure_ascii=False, indent=1))
    return list(read_squad(path, report)), report


def test_paragraphs_become_documents_with_questions(make_file: MakeFile) -> None:
    root = squad(
        qa("q1", "首都？", ("北京", 0), ("北京", 0), ("Beijing", 9)),
        qa(
            "q2",
            "Emoji?",
            is_impossible=True,
            plausible_answers=[{"text": "😀", "answer_start": 32}],
        ),
    )
    (record,), report = read(make_file, root)
    assert record.questions == [  # every annotator's answer, repeats too: EM/F1 need them
        Question("首都？", [Answer(0, 2), Answer(0, 2), Answer(9, 16)], external_id="q1"),
        Question("Emoji?", no_answer=True, external_id="q2"),
    ]
    assert (record.external_id, record.line, record.labeled) == ("P1", 1, True)
    assert report.answers_moved == 0


def test_a_wrong_offset_moves_to_the_nearest_occurrence(make_file: MakeFile) -> None:
    (record,), report = read(make_file, squad(qa("TRIAL_1_QUERY_0", "哪里？", ("北京", 30))))
    assert record.questions[0].answers == [Answer(35, 37)]
    assert report.answers_moved == 1
    assert report.warnings == [
        'paragraph 1, question TRIAL_1_QUERY_0: answer "北京" was not at 30; moved to 35'
    ]


def test_an_answer_not_in_the_context_names_the_question(make_file: MakeFile) -> None:
    with pytest.raises(InputFileError) as caught:
        read(make_file, squad(qa("TRIAL_7_QUERY_2", "哪里？", ("上海", 0))))
    assert caught.value.problem == (
        'paragraph 1, question TRIAL_7_QUERY_2: the answer "上海" does not occur in the context'
    )


def test_a_blank_question_is_skipped_with_a_warning(make_file: MakeFile) -> None:
    (record,), report = read(make_file, squad(qa("q1", "", ("北京", 0)), qa("q2", "ok?")))
    assert [q.external_id for q in record.questions] == ["q2"]
    assert report.warnings == [
        "paragraph 1, question q1: the question text is empty; question skipped"
    ]


def test_a_question_without_answers_leaves_the_document_unlabeled(make_file: MakeFile) -> None:
    (record,), _ = read(make_file, squad(qa("q1", "?")))
    assert (record.questions[0].answers, record.labeled) == ([], False)


def test_not_squad_is_refused(make_file: MakeFile) -> None:
    with pytest.raises(InputFileError, match='an object with a "data" list'):
        read(make_file, [{"data": {"text": "label studio?"}}])


def test_truncated_squad_names_the_line(make_file: MakeFile) -> None:
    text = json.dumps(squad(qa("q1", "?", ("北京", 0))), ensure_ascii=False, indent=1)
    cut = "\n".join(text.splitlines()[:7])
    with pytest.raises(InputFileError) as caught:
        list(read_squad(make_file("cut.json", cut)))
    assert caught.value.line == 7


def test_write_then_read(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            CONTEXT,
            questions=[
                Question("首都？", [Answer(0, 2), Answer(35, 37)], external_id="q1"),
                Question("None?", no_answer=True, external_id="q2"),
                Question("Open?", external_id="q3"),
            ],
            external_id="P1",
        )
    ]
    assert write_squad(records, tmp_path / "out.json") == 1
    (back,) = read_squad(tmp_path / "out.json")
    assert (back.text, back.questions, back.external_id) == (CONTEXT, records[0].questions, "P1")


def test_cmrc_original_format_places_answers_at_first_occurrence(make_file: MakeFile) -> None:
    contexts = [
        {
            "context_id": "TRIAL_800",
            "context_text": CONTEXT,
            "title": "t",
            "qas": [
                {
                    "query_id": "TRIAL_800_QUERY_0",
                    "query_text": "哪里？",
                    "answers": ["北京", "北京"],
                }
            ],
        }
    ]
    report = ImportReport()
    path = make_file("cmrc.json", json.dumps(contexts, ensure_ascii=False))
    (record,) = read_cmrc(path, report)
    assert record.questions == [Question("哪里？", [Answer(0, 2)], external_id="TRIAL_800_QUERY_0")]
    assert (record.external_id, record.labeled) == ("TRIAL_800", True)
    assert "first occurrence" in report.warnings[0]


def test_cmrc_answer_not_in_context_names_the_question(make_file: MakeFile) -> None:
    contexts = [
        {"context_text": "abc", "qas": [{"query_id": "Q9", "query_text": "?", "answers": ["x"]}]}
    ]
    with pytest.raises(
        InputFileError, match='context 1, question Q9: the answer "x" does not occur'
    ):
        list(read_cmrc(make_file("cmrc.json", json.dumps(contexts))))
