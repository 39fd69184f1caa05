"""Prodigy's JSONL (``prodigy db-out``): NER spans and text classification, by answer.

Every annotated task has ``"answer"``: only ``accept`` is gold; ``reject`` and
``ignore`` are read, counted and reported as skipped, never stored. A task without
an answer is pre-annotated input and is read as it stands. The shapes
(https://prodi.gy/docs/api-interfaces):

- NER: ``"spans": [{"start", "end", "label", "token_start", "token_end"}]`` with
  ``"tokens": [{"text", "start", "end", "id"}]``; offsets are characters, and a span
  given only by token indices takes its offsets from the tokens.
- Binary textcat: ``"label": "SPORTS"``, accepted means the label applies.
- Choice (single or multiple): ``"options": [{"id", "text"}]`` and ``"accept": [ids]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import (
    checked_entities,
    checked_label,
    checked_labels,
    optional_id,
    require_int,
    require_list,
    require_text,
)
from ptcore.io.json_records import iter_json_records
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind, write_json_lines
from ptcore.io.tokens import tokenize
from ptcore.records import DocumentRecord, Span, Task
from ptcore.task_shapes import shape_of

ANSWERS = ("accept", "reject", "ignore")


def read_prodigy(path: Path, report: ImportReport | None = None) -> Iterator[DocumentRecord]:
    report = report if report is not None else ImportReport()
    for number, place, item in iter_json_records(path, report):
        text = require_text(item, "text", place)
        answer = _answer(item, place)
        if answer in ("reject", "ignore"):
            report.skip(number, f'answer "{answer}" (not gold)')
            continue
        spans, labels, labeled = _annotations(item, text, place)
        meta = item.get("meta")
        yield DocumentRecord(
            text,
            labels=labels,
            entities=checked_entities(spans, text, place),
            labeled=labeled or answer == "accept",
            external_id=optional_id(meta.get("id") if isinstance(meta, dict) else None, place),
            line=number,
        )


def write_prodigy(records: Iterable[DocumentRecord], path: Path, task: Task) -> int:
    """Accepted tasks for labeled records; unlabeled ones go out as plain input tasks."""
    return write_json_lines((_task(record, task) for record in records), path)


def _answer(item: dict[str, Any], place: Place) -> str | None:
    answer = item.get("answer")
    if answer is not None and answer not in ANSWERS:
        raise place.error(f'"answer" must be accept, reject or ignore, not {answer!r}')
    return answer


def _annotations(
    item: dict[str, Any], text: str, place: Place
) -> tuple[list[Span], list[str], bool]:
    """``(spans, document labels, whether the task carries any annotation)``."""
    spans = require_list(item.get("spans") or [], '"spans"', place)
    if spans:
        tokens = require_list(item.get("tokens") or [], '"tokens"', place)
        return [_span(span, tokens, place) for span in spans], [], True
    if "options" in item or "accept" in item:
        accepted = require_list(item.get("accept") or [], '"accept"', place)
        return [], checked_labels(accepted, place), True
    if item.get("label") is not None:
        return [], [checked_label(item["label"], place)], True
    return [], [], "spans" in item


def _span(span: Any, tokens: list[Any], place: Place) -> Span:
    if not isinstance(span, dict):
        raise place.error(f"a span must be an object, not {json_kind(span)}")
    label = checked_label(span.get("label"), place)
    if "start" in span or "end" in span or not tokens:
        start = require_int(span.get("start"), 'a span\'s "start"', place)
        return Span(start, require_int(span.get("end"), 'a span\'s "end"', place), label)
    first = _token(tokens, span.get("token_start"), place)
    last = _token(tokens, span.get("token_end"), place)
    return Span(
        require_int(first.get("start"), 'a token\'s "start"', place),
        require_int(last.get("end"), 'a token\'s "end"', place),
        label,
    )


def _token(tokens: list[Any], index: Any, place: Place) -> dict[str, Any]:
    position = require_int(index, "a span's token index", place)
    if not 0 <= position < len(tokens) or not isinstance(tokens[position], dict):
        raise place.error(f"a span names token {position}, but there are {len(tokens)}")
    token: dict[str, Any] = tokens[position]
    return token


def _task(record: DocumentRecord, task: Task) -> dict[str, Any]:
    item: dict[str, Any] = {"text": record.text}
    if record.external_id is not None:
        item["meta"] = {"id": record.external_id}
    if not record.labeled:
        return item
    shape = shape_of(task)
    if shape.spans:
        item.update(_ner_fields(record))
    elif shape.multi_label:
        item["options"] = [{"id": name, "text": name} for name in record.labels]
        item["accept"] = record.labels
    elif record.labels:
        item["label"] = record.labels[0]
    item["answer"] = "accept"
    return item


def _ner_fields(record: DocumentRecord) -> dict[str, Any]:
    """Tokens split at every entity edge, so each span covers whole tokens."""
    cuts = [edge for span in record.entities for edge in (span.start, span.end)]
    bounds = tokenize(record.text, cuts)
    tokens = [
        {"text": record.text[start:end], "start": start, "end": end, "id": number}
        for number, (start, end) in enumerate(bounds)
    ]
    spans = [
        {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "token_start": next(n for n, (_, end) in enumerate(bounds) if end > span.start),
            "token_end": max(n for n, (start, _) in enumerate(bounds) if start < span.end),
        }
        for span in record.entities
    ]
    return {"tokens": tokens, "spans": spans}
