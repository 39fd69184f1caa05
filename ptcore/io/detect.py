"""Guess a file's format from its name and its first few kilobytes.

The extension decides where it is unambiguous (.csv, .tsv, .conll, .bio, .bmes, .iob);
otherwise the content does: a JSON list is Label Studio (or original CMRC), a JSON
object SQuAD, JSON Lines are told apart by the keys of their records, and lines of
whitespace-separated columns ending in tags like ``B-LOC`` are CoNLL. A .txt file is
CoNLL when it looks like it and the task is NER, plain text lines otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ptcore.errors import InputFileError
from ptcore.io.lines import LINE_BREAK
from ptcore.io.text_io import BOM, EMPTY, open_binary
from ptcore.records import Task

HEAD_BYTES = 64 * 1024
SAMPLE_LINES = 50
BY_EXTENSION = {
    ".csv": "csv",
    ".tsv": "tsv",
    **dict.fromkeys([".conll", ".bio", ".bmes", ".iob", ".iob2", ".bioes", ".ner"], "conll"),
}
TAG_COLUMN = re.compile(r"O|[BIEMSLU]-\S+")


def guess_format(path: Path, task: Task) -> str | None:
    """The format name, or None when neither name nor content settles it."""
    suffix = path.suffix.lower()
    if suffix in BY_EXTENSION:
        return BY_EXTENSION[suffix]
    lines = _head_lines(path)
    if not any(line.strip() for line in lines):
        raise InputFileError(path, None, EMPTY)
    if suffix == ".txt":
        return "conll" if task is Task.NER and _looks_like_conll(lines) else "txt"
    return _guess_from_content(lines, task)


def _guess_from_content(lines: list[str], task: Task) -> str | None:
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("["):
        return _json_list_format("\n".join(lines))
    if first.startswith("{"):
        return _json_object_format(lines, task)
    return "conll" if _looks_like_conll(lines) else None


def _head_lines(path: Path) -> list[str]:
    """The complete lines among the first 64 KiB, decoded leniently: readers report bad bytes."""
    with open_binary(path) as stream:
        head = stream.read(HEAD_BYTES)
        complete = not stream.read(1)
    text = head.decode("utf-8", errors="replace").removeprefix(BOM)
    lines = LINE_BREAK.split(text)
    return lines if complete else lines[:-1] or lines


def _json_list_format(text: str) -> str | None:
    if '"context_text"' in text:
        return "cmrc"
    return "label-studio" if '"data"' in text else None


def _json_object_format(lines: list[str], task: Task) -> str | None:
    """SQuAD is one JSON object; JSON Lines have one object per line."""
    objects = [item for item in map(_parse, lines[:SAMPLE_LINES]) if isinstance(item, dict)]
    if not objects:
        return "squad" if re.search(r'"(paragraphs|data)"', "\n".join(lines)) else None
    if "data" in objects[0] or "paragraphs" in objects[0]:
        return "squad"
    decided = next(filter(None, (_jsonl_format(item) for item in objects)), None)
    if decided is None and "text" in objects[0]:
        return "ner-jsonl" if task is Task.NER else "jsonl"
    return decided


def _jsonl_format(item: dict[str, Any]) -> str | None:
    """The JSON Lines format a record's keys prove, if any."""
    label = item.get("label", item.get("labels"))
    if "context" in item and "question" in item:
        return "qa-jsonl"
    entities = item.get("entities")
    if isinstance(entities, list) and entities:
        return "doccano" if isinstance(entities[0], dict) else "ner-jsonl"
    if isinstance(label, dict):
        return "ner-jsonl"
    if "cats" in item or (isinstance(label, list) and label and isinstance(label[0], list)):
        return "doccano"
    return None if label is None or label == [] else "jsonl"


def _parse(line: str) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):  # bad JSON, 5,000 digits, deep nesting: readers say
        return None


def _looks_like_conll(lines: list[str]) -> bool:
    """Every sampled line is blank, ``-DOCSTART-`` or has 2+ columns ending in a tag."""
    sample = [line.split() for line in lines if line.strip()][:SAMPLE_LINES]
    sample = [columns for columns in sample if columns[0] != "-DOCSTART-"]
    return bool(sample) and all(
        len(columns) >= 2 and TAG_COLUMN.fullmatch(columns[-1]) for columns in sample
    )
