"""The original CMRC 2018 JSON: answers as bare strings, without offsets.

``[{"context_id", "context_text", "title", "qas": [{"query_id", "query_text",
"answers": ["...", ...]}]}]``. Each answer is placed at the first occurrence of its
text in the context, which the report says once; an answer that does not occur in
the context is an error naming the question.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import optional_id, require_list
from ptcore.io.json_stream import JsonStream
from ptcore.io.report import ImportReport
from ptcore.io.squad import qa_record, question_text
from ptcore.io.text_io import Place, json_kind
from ptcore.records import Answer, DocumentRecord, Question

PLACED = "CMRC answers carry no offsets; each was placed at its first occurrence in the context"


def read_cmrc(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """One record per context; ``line`` is the context's position in the list, from 1."""
    report = report or ImportReport()
    with JsonStream(path, report) as stream:
        if stream.kind() != "a list":
            raise Place(path, None).error(
                f"expected a list of CMRC contexts, found {stream.kind()}"
            )
        report.warn(PLACED)
        for number in stream.array():
            yield _context(
                stream.value(f"context {number}"),
                Place(path, None, f"context {number}"),
                number,
                report,
            )
        stream.end()


def _context(item: Any, place: Place, number: int, report: ImportReport) -> DocumentRecord:
    if not isinstance(item, dict):
        raise place.error(f"expected an object, found {json_kind(item)}")
    return qa_record(item, place, number, report, ("context_text", "context_id"), _question)


def _question(qa: Any, context: str, parent: Place, report: ImportReport) -> Question | None:
    if not isinstance(qa, dict):
        raise parent.error(f"a question must be an object, not {json_kind(qa)}")
    qid = optional_id(qa.get("query_id"), parent)
    place = Place(parent.path, None, f"{parent.record}, question {qid}") if qid else parent
    text = question_text(qa, "query_text", place, report)
    if text is None:
        return None
    items = require_list(qa.get("answers", []), '"answers"', place)
    answers = [_answer(item, context, place) for item in items]
    return Question(text, answers=list(dict.fromkeys(answers)), external_id=qid)


def _answer(text: Any, context: str, place: Place) -> Answer:
    if not isinstance(text, str) or not text:
        raise place.error(f"an answer must be a non-empty string, not {json_kind(text)}")
    start = context.find(text)
    if start == -1:
        raise place.error(f'the answer "{text}" does not occur in the context')
    return Answer(start, start + len(text))
