"""SQuAD v1.1 / v2.0 JSON for extractive QA; CMRC 2018 uses the same shape.

Each paragraph becomes one document and ``line`` is its position in the file, from 1.
A paragraph without an id keeps its article's title as its id, ``title#n`` (the n-th
paragraph of that article), so an export regroups the paragraphs under their titles.
Every gold answer is kept, repeats included: the official EM/F1 take the best over
all annotators' answers. The file's ``version`` is remembered (``report.learned``, kept
in the project's settings) and written back; without one the export is version 1.1
unless a question is unanswerable, which only v2.0 can hold.
``is_impossible`` questions are marked as having no answer (``plausible_answers`` are
not gold answers and are dropped); a question with blank text is skipped with a
warning. Some CMRC answers have a wrong ``answer_start``: such an answer is moved to
the occurrence of its text nearest the given start, and the report counts it; an
answer whose text is not in the context is an error naming the question.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import json_id, optional_id, require_int, require_list, require_text
from ptcore.io.json_stream import JsonStream
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind, open_output
from ptcore.records import Answer, DocumentRecord, Question

NOT_SQUAD = 'expected SQuAD JSON: an object with a "data" list'
VERSION_KEY = "squad_version"  # in ImportReport.learned and the project's settings


def read_squad(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    """Streams: one paragraph at a time is in memory, however large the file."""
    report = report or ImportReport()
    with JsonStream(path, report) as stream:
        if stream.kind() != "an object":
            raise Place(path, None).error(NOT_SQUAD)
        has_data = False
        for key in stream.object():
            if key == "version":
                _remember_version(stream.value(), report)
            elif key != "data":
                stream.value()
            elif stream.kind() != "a list":
                raise Place(path, None).error(NOT_SQUAD)
            else:
                has_data = True
                yield from _records(stream, report)
        if not has_data:
            raise Place(path, None).error(NOT_SQUAD)
        stream.end()


def _remember_version(version: Any, report: ImportReport) -> None:
    if isinstance(version, str | int | float) and not isinstance(version, bool):
        report.learned[VERSION_KEY] = str(version)


def _records(stream: JsonStream, report: ImportReport) -> Iterator[DocumentRecord]:
    for number, (title, paragraph) in enumerate(_paragraphs(stream), start=1):
        place = Place(stream.path, None, f"paragraph {number}")
        record = qa_record(paragraph, place, number, report, ("context", "id"), _question)
        if record.external_id is None and title:
            record.external_id = title
        yield record


def write_squad(
    records: Iterable[DocumentRecord], path: Path, squad_version: str | None = None
) -> int:
    """One article per title (``title#n`` ids), else per document; the version the file
    came in with, else 1.1; v2.0 when a question has no answer and the version is older."""
    articles: list[dict[str, Any]] = []
    count = unanswerable = 0
    for count, record in enumerate(records, start=1):
        title, paragraph = _paragraph(record, count)
        if not (articles and title and articles[-1]["title"] == title):
            articles.append({"title": title, "paragraphs": []})
        articles[-1]["paragraphs"].append(paragraph)
        unanswerable += sum(q.no_answer for q in record.questions)
    version = _version(squad_version, unanswerable > 0)
    if not version.lstrip("v").startswith("2"):
        _drop_impossible_flags(articles)
    with open_output(path) as out:
        json.dump({"version": version, "data": articles}, out, ensure_ascii=False)
    return count


def _version(remembered: str | None, needs_v2: bool) -> str:
    """The remembered version if it can hold the data; v1.x has no unanswerable questions."""
    if remembered and (remembered.lstrip("v").startswith("2") or not needs_v2):
        return remembered
    return "v2.0" if needs_v2 else "1.1"


def locate_answer(context: str, text: str, start: int) -> int | None:
    """The start of the occurrence of ``text`` in ``context`` nearest to ``start``."""
    best = None
    found = context.find(text)
    while found != -1:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = context.find(text, found + 1)
    return best


def qa_labeled(questions: list[Question]) -> bool:
    """A QA document is labeled once every question has answers or is marked unanswerable."""
    return bool(questions) and all(q.answers or q.no_answer for q in questions)


def question_text(qa: dict[str, Any], key: str, place: Place, report: ImportReport) -> str | None:
    """The question, or None with a warning when it is blank, as a few in CMRC 2018 are."""
    if isinstance(qa.get(key), str) and not qa[key].strip():
        report.warn(f"{place.record}: the question text is empty; question skipped")
        return None
    return require_text(qa, key, place)


def _paragraphs(stream: JsonStream) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(title#n or "", paragraph)`` for each paragraph of the "data" list, one at a time.

    The title is known when it comes before "paragraphs", as SQuAD files write it.
    """
    for index in stream.array():
        place = Place(stream.path, None, f"article {index}")
        if stream.kind() != "an object":
            raise place.error(f"expected an object, found {stream.kind()}")
        has_paragraphs, title = False, ""
        for key in stream.object():
            if key == "title":
                value = stream.value(place.record)
                title = value if isinstance(value, str) else ""
                continue
            if key != "paragraphs":
                stream.value(place.record)
                continue
            if stream.kind() != "a list":
                raise place.error(f'"paragraphs" must be a list, not {stream.kind()}')
            has_paragraphs = True
            for position, _ in enumerate(stream.array()):
                paragraph = stream.value(place.record)
                if not isinstance(paragraph, dict):
                    raise place.error(f"a paragraph must be an object, not {json_kind(paragraph)}")
                yield (f"{title}#{position}" if title else ""), paragraph
        if not has_paragraphs:
            raise place.error('"paragraphs" must be a list, not null')


QuestionReader = Callable[[Any, str, Place, ImportReport], "Question | None"]


def qa_record(
    item: dict[str, Any],
    place: Place,
    number: int,
    report: ImportReport,
    keys: tuple[str, str],
    read_question: QuestionReader,
) -> DocumentRecord:
    """A context with its questions; ``keys`` name the context text and its id (SQuAD: context,
    id; CMRC: context_text, context_id)."""
    context_key, id_key = keys
    context = require_text(item, context_key, place)
    qas = require_list(item.get("qas", []), '"qas"', place)
    questions = [q for q in (read_question(qa, context, place, report) for qa in qas) if q]
    return DocumentRecord(
        context,
        questions=questions,
        labeled=qa_labeled(questions),
        external_id=optional_id(item.get(id_key), place),
        line=number,
    )


def _question(qa: Any, context: str, paragraph: Place, report: ImportReport) -> Question | None:
    if not isinstance(qa, dict):
        raise paragraph.error(f"a question must be an object, not {json_kind(qa)}")
    qid = optional_id(qa.get("id"), paragraph)
    place = Place(paragraph.path, None, f"{paragraph.record}, question {qid}") if qid else paragraph
    text = question_text(qa, "question", place, report)
    if text is None:
        return None
    if qa.get("is_impossible") is True:
        return Question(text, no_answer=True, external_id=qid)
    items = require_list(qa.get("answers", []), '"answers"', place)
    answers = [_answer(item, context, place, report) for item in items]
    return Question(text, answers=answers, external_id=qid)


def _answer(item: Any, context: str, place: Place, report: ImportReport) -> Answer:
    if not isinstance(item, dict):
        raise place.error(f"an answer must be an object, not {json_kind(item)}")
    text = require_text(item, "text", place)
    start = require_int(item.get("answer_start"), '"answer_start"', place)
    if context[start : start + len(text)] == text and start >= 0:
        return Answer(start, start + len(text))
    found = locate_answer(context, text, start)
    if found is None:
        raise place.error(f'the answer "{text}" does not occur in the context')
    report.answers_moved += 1
    report.warn(f'{place.record}: answer "{text}" was not at {start}; moved to {found}')
    return Answer(found, found + len(text))


def _paragraph(record: DocumentRecord, number: int) -> tuple[str, dict[str, Any]]:
    """The article title (from a ``title#n`` id, else "") and the paragraph."""
    paragraph: dict[str, Any] = {"context": record.text, "qas": []}
    title = _title(record.external_id)
    if record.external_id is not None and not title:
        paragraph["id"] = json_id(record.external_id)
    for index, question in enumerate(record.questions, start=1):
        paragraph["qas"].append(_squad_question(record.text, question, f"{number}-{index}"))
    return title, paragraph


def _title(external_id: str | None) -> str:
    title, hash_sign, position = (external_id or "").rpartition("#")
    return title if hash_sign and position.isdigit() else ""


def _drop_impossible_flags(articles: list[dict[str, Any]]) -> None:
    """Version 1.1 files have no ``is_impossible``."""
    for article in articles:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                del qa["is_impossible"]


def _squad_question(context: str, question: Question, default_id: str) -> dict[str, Any]:
    answers = [
        {"text": context[a.start : a.end], "answer_start": a.start} for a in question.answers
    ]
    return {
        "id": question.external_id or default_id,
        "question": question.text,
        "answers": answers,
        "is_impossible": question.no_answer,
    }
