"""Guess a file's format from its name and its first few kilobytes, and say why.

The extension decides where it is unambiguous (.csv, .tsv, .conll, .bio, .bmes, .iob);
otherwise the content does. A JSON document (an array, or an object spread over
lines) is judged by its first record; JSON Lines by the keys of their records (see
``record_format``). Lines of whitespace-separated columns ending in tags like
``B-LOC`` are CoNLL. A .txt file is CoNLL when it looks like it and the task is NER,
plain passages in a QA project, plain text lines otherwise. A file is never handed to
a reader whose structure it lacks: a "data" key means SQuAD only when it lists
articles with paragraphs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from ptcore.errors import InputFileError
from ptcore.io.lines import LINE_BREAK
from ptcore.io.passages import RULE as PASSAGES_RULE
from ptcore.io.text_io import BOM, EMPTY, open_binary
from ptcore.records import Task
from ptcore.task_shapes import shape_of

HEAD_BYTES = 64 * 1024
SAMPLE_LINES = 50
BY_EXTENSION = {
    ".csv": "csv",
    ".tsv": "tsv",
    **dict.fromkeys([".conll", ".bio", ".bmes", ".iob", ".iob2", ".bioes", ".ner"], "conll"),
}
TAG_COLUMN = re.compile(r"O|[BIEMSLU]-\S+|\S+-[BIEMSLU]")
BARE_TAG = re.compile(r"[^\W\d_][\w.]+")
PRODIGY_ANSWERS = ("accept", "reject", "ignore")
YEDDA_MARK = re.compile(r"\[[@$][^\n]*?#[^\n]*?\*\](?!#)")
BRAT_LINE = re.compile(r"[TREAMN#]\d*\t")


class Guess(NamedTuple):
    """A format name and the evidence for it, to tell the user."""

    name: str
    reason: str


def guess_format(path: Path, task: Task) -> Guess | None:
    """The format and why, or None when neither name nor content settles it."""
    suffix = path.suffix.lower()
    if path.is_dir():
        return Guess("brat", "a folder of .ann files")
    if suffix in (".ann", ".txt") and _has_yedda_marks(path):
        return Guess("yedda", "lines hold YEDDA marks like [@text#Label*]")
    if suffix == ".ann" or (suffix == ".txt" and path.with_suffix(".ann").is_file()):
        return Guess("brat", f"{path.with_suffix('.ann').name} stands beside the text")
    lines = _head_lines(path)
    if lines and lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        return Guess("webanno-tsv", "the first line is #FORMAT=WebAnno TSV 3.x")
    if suffix in (".csv", ".tsv") and re.search(r"\bannotation_id\b|\blead_time\b", lines[0]):
        return Guess("label-studio-csv", "the header has annotation_id/lead_time (Label Studio)")
    if suffix == ".tsv" and shape_of(task).spans and _looks_like_conll(lines):
        return Guess("conll", "a .tsv of token lines ending in tag columns")
    if suffix in BY_EXTENSION:
        return Guess(BY_EXTENSION[suffix], f"the file name ends in {suffix}")
    if not any(line.strip() for line in lines):
        raise InputFileError(path, None, EMPTY)
    first = next(line.strip() for line in lines if line.strip())
    if first.startswith("__label__"):
        return Guess("fasttext", "lines start with __label__")
    if suffix == ".txt":
        if shape_of(task).questions:
            return Guess("passages", f"a .txt file in a QA project: {PASSAGES_RULE}")
        if shape_of(task).spans and _looks_like_conll(lines):
            return Guess("conll", "every sampled line is a token followed by tag columns")
        return Guess("txt", "a .txt file that is not token-per-line columns")
    return _guess_from_content(lines, task)


def _guess_from_content(lines: list[str], task: Task) -> Guess | None:
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("[") or (first.startswith("{") and _parse(first) is None):
        return _json_document_format("\n".join(lines), task)
    if first.startswith("{"):
        return _json_lines_format(lines, task)
    if _looks_like_conll(lines):
        return Guess("conll", "every sampled line is a token followed by tag columns")
    return None


def head_bytes(path: Path) -> tuple[bytes, bool]:
    """The first 64 KiB, and whether that is the whole file."""
    with open_binary(path) as stream:
        head = stream.read(HEAD_BYTES)
        return head, not stream.read(1)


def _has_yedda_marks(path: Path) -> bool:
    """Inline ``[@text#Label*]`` marks, and no brat ``T1<TAB>`` line first."""
    lines = [line for line in _head_lines(path) if line.strip()]
    if not lines or BRAT_LINE.match(lines[0]):
        return False
    return any(YEDDA_MARK.search(line) for line in lines[:SAMPLE_LINES])


def _head_lines(path: Path) -> list[str]:
    """The complete lines among the first 64 KiB, decoded leniently: readers report bad bytes."""
    head, complete = head_bytes(path)
    text = head.decode("utf-8", errors="replace").removeprefix(BOM)
    lines = LINE_BREAK.split(text)
    return lines if complete else lines[:-1] or lines


def _json_document_format(head: str, task: Task) -> Guess | None:
    """One JSON document: judged by its first record, or by its keys when cut off."""
    text = head.lstrip()
    is_list = text.startswith("[")
    first = _first_value(text, 1 if is_list else 0)
    if isinstance(first, dict):
        guess = record_format(first, task)
        where = (
            "a JSON array whose first record's fields" if is_list else "a JSON object whose fields"
        )
        return guess._replace(reason=f"{where} {guess.reason}") if guess else None
    if not is_list and re.search(r'"data"\s*:\s*\[', text) and '"paragraphs"' in text:
        return Guess("squad", 'a JSON object whose "data" lists articles with "paragraphs"')
    if is_list and '"context_text"' in text:
        return Guess("cmrc", 'a JSON array of contexts with "context_text"')
    return None


def _first_value(text: str, start: int) -> Any:
    """The JSON value at ``start`` (after any blanks), or None if the head cuts it off."""
    decoder = json.JSONDecoder()
    position = len(text) - len(text[start:].lstrip())
    try:
        return decoder.raw_decode(text, position)[0]
    except (ValueError, RecursionError):  # cut off, or too deep or long for the decoder
        return None


def _json_lines_format(lines: list[str], task: Task) -> Guess | None:
    objects = [item for item in map(_parse, lines[:SAMPLE_LINES]) if isinstance(item, dict)]
    single = len([line for line in lines if line.strip()]) == 1
    for item in objects:
        guess = record_format(item, task)
        if guess is not None:
            where = "a JSON object whose fields" if single else "JSON Lines whose records"
            return guess._replace(reason=f"{where} {guess.reason}")
    if objects and "text" in objects[0]:
        name = "ner-jsonl" if shape_of(task).spans else "jsonl"
        return Guess(name, 'JSON Lines with "text" and no annotation fields')
    return None


def record_format(item: dict[str, Any], task: Task) -> Guess | None:
    """The format one record's keys prove, if any, and which keys proved it."""
    for test in (_data_format, _prodigy_format, _doccano_format, _plain_format):
        guess = test(item, task)
        if guess is not None:
            return guess
    return None


def _data_format(item: dict[str, Any], task: Task) -> Guess | None:
    data = item.get("data")
    if isinstance(data, list) and (not data or "paragraphs" in _first(data)):
        return Guess("squad", 'have "data" listing articles with "paragraphs"')
    if isinstance(data, dict):
        return Guess("label-studio", 'have "data" as an object (a Label Studio task)')
    if "annotation_id" in item or "lead_time" in item:
        return Guess("label-studio-min", 'have "annotation_id"/"lead_time" (Label Studio JSON-MIN)')
    if "context_text" in item:
        return Guess("cmrc", 'have "context_text"')
    if "context" in item and "question" in item:
        return Guess("qa-jsonl", 'have "context" and "question"')
    return None


def _prodigy_format(item: dict[str, Any], task: Task) -> Guess | None:
    if item.get("answer") in PRODIGY_ANSWERS:
        return Guess("prodigy", f'have "answer": "{item["answer"]}" (Prodigy)')
    if "_input_hash" in item or "_task_hash" in item:
        return Guess("prodigy", 'have Prodigy\'s "_input_hash"/"_task_hash"')
    spans = item.get("spans")
    if isinstance(spans, list) and spans and isinstance(spans[0], dict):
        return Guess("prodigy", 'have "spans" as objects (Prodigy)')
    return None


def _doccano_format(item: dict[str, Any], task: Task) -> Guess | None:
    if isinstance(item.get("data"), str):
        return Guess("doccano", 'have "data" as text (doccano 1.0 and flair)')
    for key in ("annotations", "entities"):
        values = item.get(key)
        if isinstance(values, list) and values and isinstance(values[0], dict):
            return Guess("doccano", f'have "{key}" as objects with offsets (doccano)')
    if item.get("entities"):
        return Guess("ner-jsonl", 'have "entities" as [start, end, type] lists')
    if isinstance(item.get("label"), dict):
        return Guess("ner-jsonl", 'have "label" mapping types to mentions (CLUENER)')
    for key in ("label", "labels"):
        values = item.get(key)
        if isinstance(values, list) and values and isinstance(values[0], list):
            return Guess("doccano", f'have "{key}" as [start, end, label] lists (doccano)')
    if "cats" in item:
        return Guess("doccano", 'have "cats" (doccano)')
    return None


def _plain_format(item: dict[str, Any], task: Task) -> Guess | None:
    label = item.get("label", item.get("labels"))
    if label is None or label == [] or "text" not in item:
        return None
    return Guess("jsonl", 'have "text" and "label"')


def _first(values: list[Any]) -> Any:
    return values[0] if isinstance(values[0], dict) else {}


def _parse(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):  # bad JSON, 5,000 digits, deep nesting: readers say
        return None


def _looks_like_conll(lines: list[str]) -> bool:
    """Every sampled line is blank, ``-DOCSTART-`` or has 2+ columns ending in a tag.

    Tags may be prefixed (``B-LOC``), suffixed (``LOC-B``) or bare (IO files: ``LOC``):
    bare ones count only when the lines have one column count and many end in ``O``.
    """
    sample = [line.split() for line in lines if line.strip()][:SAMPLE_LINES]
    sample = [c for c in sample if c[0] != "-DOCSTART-" and not c[0].startswith("#")]
    if not sample or any(len(columns) < 2 for columns in sample):
        return False
    if all(TAG_COLUMN.fullmatch(columns[-1]) for columns in sample):
        return True
    outside = sum(columns[-1] == "O" for columns in sample)
    return (
        len({len(columns) for columns in sample}) == 1
        and outside * 3 >= len(sample)
        and all(TAG_COLUMN.fullmatch(c[-1]) or BARE_TAG.fullmatch(c[-1]) for c in sample)
    )
