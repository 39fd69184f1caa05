"""Extractive QA as JSON Lines, one question per line, in the Hugging Face squad shape.

``{"id", "title", "context", "question", "answers": {"text": [...], "answer_start":
[...]}}``. Lines that share a context become one document, in order of first
appearance, so the whole file is checked before the first record comes out. Empty answer
lists mark a question as unanswerable; a line without ``answers`` is unanswered.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ptcore.io.checks import optional_id, parse_split, require_int, require_list, require_text
from ptcore.io.report import ImportReport
from ptcore.io.safe_json import SafeDecoder
from ptcore.io.squad import qa_labeled
from ptcore.io.text_io import (
    Place,
    iter_json_lines_at,
    json_kind,
    json_line,
    limits_of,
    open_binary,
    open_output,
    parse_json_object,
    text_line_at,
)
from ptcore.records import Answer, DocumentRecord, Question


def read_qa_jsonl(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """Each document's ``line`` is the first line with its context.

    Two passes keep memory small: the first checks every line and notes where each
    context's lines are, the second reads each context's lines back to build its
    document. Only three numbers a line stay in memory, not the file's text.
    """
    report = report or ImportReport()
    decoder = SafeDecoder(limits_of(report))
    with open_binary(path) as stream:
        for places in _lines_by_context(path, report).values():
            lines = list(zip(places[::3], places[1::3], places[2::3], strict=True))
            yield _document(path, stream, lines, decoder)


def _lines_by_context(path: Path, report: ImportReport) -> dict[bytes, array[int]]:
    """Each context's lines as flat (number, byte offset, size) triples, in file order."""
    contexts: dict[bytes, array[int]] = {}
    for raw, item in iter_json_lines_at(path, report):
        place = Place(path, raw.number)
        context = require_text(item, "context", place)
        _question(item, context, place)
        parse_split(item.get("split"), place)
        key = hashlib.blake2b(context.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        contexts.setdefault(key, array("q")).extend((raw.number, raw.offset, len(raw.data)))
    return contexts


def _document(
    path: Path,
    stream: BinaryIO,
    lines: list[tuple[int, int, int]],
    decoder: SafeDecoder,
) -> DocumentRecord:
    document = DocumentRecord("", line=lines[0][0])
    for number, offset, size in lines:
        place = Place(path, number)
        item = parse_json_object(place, text_line_at(path, stream, number, offset, size), decoder)
        document.text = item["context"]
        document.questions.append(_question(item, document.text, place))
        document.split = document.split or parse_split(item.get("split"), place)
    document.labeled = qa_labeled(document.questions)
    return document


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
