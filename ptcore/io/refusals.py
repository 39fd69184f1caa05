"""Why a file fits none of the formats detection knows: one reason per kind of file tried.

Detection reads the first 64 KiB. When nothing there settles the format, the user
should learn what each kind of reader would have needed, in the words of the place
that broke it ("JSON: the file ends inside a string at line 3 — truncated?",
"CoNLL: line 1 has 1 column"), rather than a bare list of format names.
"""

from __future__ import annotations

import json
from typing import Any

from ptcore.io.detect import TAG_COLUMN
from ptcore.io.lines import LINE_BREAK

SAMPLE_LINES = 50


def refusals(head: bytes, complete: bool) -> list[str]:
    """One line per kind of file tried, saying why the sampled bytes are not it."""
    text = _text(head, complete)
    if isinstance(text, BinaryReason):
        return [f"text of any kind: {text.reason}"]
    lines = LINE_BREAK.split(text)
    lines = lines if complete else lines[:-1]
    return [
        f"JSON: {_json_reason(text, complete)}",
        f"JSON Lines: {_json_lines_reason(lines)}",
        f"CoNLL columns: {_columns_reason(lines)}",
        "plain text: only a .txt file is read as one document a line (or choose --format txt)",
    ]


class BinaryReason:
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _text(head: bytes, complete: bool) -> str | BinaryReason:
    nul = head.find(b"\0")
    if nul != -1:
        return BinaryReason(f"byte {nul} is a NUL byte — a binary file?")
    try:
        return head.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        if not complete and error.start >= len(head) - 3:  # a character cut by the sample
            return head[: error.start].decode("utf-8").removeprefix("\ufeff")
        return BinaryReason(
            f"byte {error.start} is not UTF-8 — a binary file, or another encoding?"
        )


def _json_reason(text: str, complete: bool) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return _decode_error(error, text)
    except (ValueError, RecursionError):  # 5,000 digits, deep nesting
        return "a number too long or nesting too deep to read"
    return f"it is {_shape(value)}, which no JSON format holds"


def _decode_error(error: json.JSONDecodeError, text: str) -> str:
    at_end = not text[error.pos :].strip()
    cut_string = error.msg.startswith("Invalid control character") and at_end
    if error.msg.startswith("Unterminated string") or cut_string:
        return f"the file ends inside a string at line {error.lineno} — truncated?"
    if at_end:
        return f"the file ends before the JSON does, at line {error.lineno} — truncated?"
    if error.msg.startswith("Extra data"):
        return f"line {error.lineno} starts a second JSON value (JSON Lines?)"
    return f"{error.msg.lower()} at line {error.lineno}, column {error.colno}"


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        fields = ", ".join(f'"{key}"' for key in list(value)[:8]) or "no fields"
        return f"an object with {fields}"
    if isinstance(value, list):
        first = _shape(value[0]) if value else "nothing"
        return f"a list whose first item is {first}"
    return f"a lone {type(value).__name__}"


def _json_lines_reason(lines: list[str]) -> str:
    for number, line in enumerate(lines[:SAMPLE_LINES], start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return f"line {number} is not JSON"
        if not isinstance(value, dict):
            return f"line {number} is {_shape(value)}, not an object"
        return f'line {number} is {_shape(value)}; none names "text" with annotations'
    return "no line has content"


def _columns_reason(lines: list[str]) -> str:
    for number, line in enumerate(lines[:SAMPLE_LINES], start=1):
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            continue
        if len(columns) < 2:
            return f"line {number} has 1 column; a token and its tag need 2 or more"
        if not TAG_COLUMN.fullmatch(columns[-1]):
            shown = columns[-1][:20]
            return f'line {number} ends in "{shown}", which is not a tag like B-LOC or O'
    return "the sampled lines end in words, not tags of one scheme"
