"""Extractive QA as JSON Lines, one question per line, in the Hugging Face squad shape.

``{"id", "title", "context", "question", "answers": {"text": [...], "answer_start":
[...]}}``. Lines that share a context become one document, in order of first
appearance, so the whole file is read before the first record comes out. Empty answer
lists mark a question as unanswerable; a line without ``answers`` is unanswered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import optional_id, parse_split, require_int, require_list, require_text
from ptcore.io.report import ImportReport
from ptcore.io.squad import qa_labeled
from ptcore.io.text_io import Place, iter_json_lines, json_kind, json_line, open_output
from ptcore.records import Answer, DocumentRecord, Question


def read_qa_jsonl(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """Each document's ``line`` is the first line with its context."""
    documents: dict[str, DocumentRecord] = {}
    for number, item in iter_json_lines(path, report):
        place = Place(path, number)
        context = require_text(item, "context", place)
        document = documents.setdefault(context, DocumentRecord(context, line=number))
        document.questions.append(_question(item, context, place))
        document.split = document.split or parse_split(item.get("split"), place)
    for document in documents.values():
        document.labeled = qa_labeled(document.questions)
        yield document


def write_qa_jsonl(records: Iterable[DocumentRecord], path: Path) -> int:
    """One line per question; a document without questions writes nothing."""
    count = 0
    with open_output(path) as out:
        for count, record in enumerate(records, start=1):
            out.writelines(json_line(line) for line in qa_lines(record, count))
    return count


def qa_lines(
    record: DocumentRecord, number: int, answered_only: bool = False
) -> Iterator[dict[str, Any]]:
    """The lines for one document's questions; ids are made up where a question has none."""
    for index, question in enumerate(record.questions, start=1):
        resolved = bool(question.answers or question.no_answer)
        if answered_only and not resolved:
            continue
        qid, context = question.external_id or f"{number}-{index}", record.text
        line: dict[str, Any] = {
            "id": qid,
            "title": "",
            "context": context,
            "question": question.text,
        }
        if resolved:
            line["answers"] = _answer_lists(context, question)
        if record.split is not None:
            line["split"] = str(record.split)
        yield line


def _answer_lists(context: str, question: Question) -> dict[str, list[Any]]:
    return {
        "text": [context[a.start : a.end] for a in question.answers],
        "answer_start": [a.start for a in question.answers],
    }


def _question(item: dict[str, Any], context: str, place: Place) -> Question:
    text = require_text(item, "question", place)
    qid = optional_id(item.get("id"), place)
    if item.get("answers") is None:
        return Question(text, external_id=qid)
    answers = _answers(item["answers"], context, place)
    return Question(text, answers=answers, no_answer=not answers, external_id=qid)


def _answers(value: Any, context: str, place: Place) -> list[Answer]:
    if not isinstance(value, dict):
        raise place.error(
            f'"answers" must be {{"text": [...], "answer_start": [...]}}, not {json_kind(value)}'
        )
    texts = require_list(value.get("text"), '"answers"."text"', place)
    starts = require_list(value.get("answer_start"), '"answers"."answer_start"', place)
    if len(texts) != len(starts):
        raise place.error(f'"answers" has {len(texts)} texts but {len(starts)} starts')
    answers = [
        _answer(text, start, context, place) for text, start in zip(texts, starts, strict=True)
    ]
    return list(dict.fromkeys(answers))


def _answer(text: Any, start: Any, context: str, place: Place) -> Answer:
    start = require_int(start, "answer_start", place)
    if not isinstance(text, str) or not text:
        raise place.error(f"an answer text must be a non-empty string, not {json_kind(text)}")
    if start < 0 or start + len(text) > len(context):
        raise place.error(
            f'the answer "{text}" at {start} is outside the context, '
            f"which has {len(context)} characters"
        )
    found = context[start : start + len(text)]
    if found != text:
        raise place.error(
            f'the answer "{text}" at {start} does not match the context there, "{found}"'
        )
    return Answer(start, start + len(text))
