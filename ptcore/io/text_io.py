"""UTF-8 text and JSON files in and out, with the line numbers error messages need.

Every importer reads through here, so encodings, byte-order marks, empty files and
broken JSON are handled once and worded the same way everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from ptcore.errors import InputFileError, UserError
from ptcore.io.limits import ReadLimits
from ptcore.io.lines import LineTooLong, RawLine, iter_byte_lines
from ptcore.io.report import ImportReport
from ptcore.io.safe_json import JsonRefused, SafeDecoder

BOM = "\ufeff"
NOT_UTF8 = "not UTF-8 text; save the file as UTF-8"
EMPTY = "file is empty"


@dataclass(frozen=True)
class Place:
    """Where a problem is: a line, or for whole-JSON files a named record ("task 3")."""

    path: Path
    line: int | None
    record: str = ""

    def error(self, problem: str) -> InputFileError:
        return InputFileError(
            self.path, self.line, f"{self.record}: {problem}" if self.record else problem
        )


def iter_text_lines(path: Path, report: ImportReport | None = None) -> Iterator[tuple[int, str]]:
    """Yield ``(1-based line number, line with its line break)``, decoding as it goes.

    LF, CRLF and a lone CR all end a line. Raises at the first line that is not UTF-8
    or is longer than any document may be, and at the end if no line had content.
    """
    for raw, line in iter_text_lines_at(path, report):
        yield raw.number, line


def iter_text_lines_at(
    path: Path, report: ImportReport | None = None
) -> Iterator[tuple[RawLine, str]]:
    """Each line's bytes, number and offset, which let a reader come back to it, and its text."""
    has_content = False
    with open_binary(path) as stream:
        for raw in _byte_lines(path, stream, limits_of(report)):
            line = _decode(path, raw.number, raw.data)
            if raw.number == 1:
                line = strip_bom(line, report)
            has_content = has_content or bool(line.strip())
            yield raw, line
    if not has_content:
        raise InputFileError(path, None, EMPTY)


def text_line_at(path: Path, stream: BinaryIO, number: int, offset: int, size: int) -> str:
    """Line ``number``, ``size`` bytes from ``offset``, read again."""
    stream.seek(offset)
    return _decode(path, number, stream.read(size)).removeprefix(BOM)


def _byte_lines(path: Path, stream: BinaryIO, limits: ReadLimits) -> Iterator[RawLine]:
    try:
        yield from iter_byte_lines(stream, limits.max_record_bytes)
    except LineTooLong as error:
        raise InputFileError(path, error.number, limits.too_many_bytes("the line")) from None


def iter_json_lines(
    path: Path, report: ImportReport | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSON Lines file."""
    for raw, item in iter_json_lines_at(path, report):
        yield raw.number, item


def iter_json_lines_at(
    path: Path, report: ImportReport | None = None
) -> Iterator[tuple[RawLine, dict[str, Any]]]:
    """Each non-blank line's bytes, number and offset, and its object."""
    decoder = SafeDecoder(limits_of(report))
    for raw, line in iter_text_lines_at(path, report):
        if line.strip():
            yield raw, parse_json_object(Place(path, raw.number), line, decoder)


def parse_json_object(place: Place, text: str, decoder: SafeDecoder) -> dict[str, Any]:
    value = safe_loads(place, text, decoder)
    if not isinstance(value, dict):
        raise place.error(f"expected a JSON object {{...}}, found {json_kind(value)}")
    return value


def safe_loads(place: Place, text: str, decoder: SafeDecoder) -> Any:
    """One JSON value; syntax errors and values beyond the limits name ``place``."""
    try:
        return decoder.loads(text)
    except json.JSONDecodeError as error:
        raise place.error(json_problem(error)) from None
    except JsonRefused as error:
        raise place.error(str(error)) from None


def read_json(path: Path, report: ImportReport | None = None) -> Any:
    """Load a whole JSON document; syntax errors name the line they are on.

    Only for small files: the large formats stream through ``json_stream``.
    """
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(path, data.count(b"\n", 0, error.start) + 1, NOT_UTF8) from None
    text = strip_bom(text, report)
    if not text.strip():
        raise InputFileError(path, None, EMPTY)
    try:
        return SafeDecoder(limits_of(report)).loads(text)
    except json.JSONDecodeError as error:
        raise InputFileError(path, _error_line(error), json_problem(error)) from None
    except JsonRefused as error:
        raise InputFileError(path, None, str(error)) from None


def limits_of(report: ImportReport | None) -> ReadLimits:
    return report.limits if report is not None else ReadLimits()


def json_problem(error: json.JSONDecodeError) -> str:
    """Say "cut short" when the parser ran out of text, since that is the usual cause."""
    if _cut_short(error):
        return "the JSON ends too early; is the file cut short?"
    return f"not valid JSON: {error.msg} (column {error.colno})"


def _cut_short(error: json.JSONDecodeError) -> bool:
    return not error.doc[error.pos :].strip()


def _error_line(error: json.JSONDecodeError) -> int:
    """The line of the error; for a cut-short file its last line with text on it."""
    return error.doc.rstrip().count("\n") + 1 if _cut_short(error) else error.lineno


def json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    return kinds.get(type(value), "a number")


def strip_bom(text: str, report: ImportReport | None) -> str:
    if not text.startswith(BOM):
        return text
    if report is not None:
        report.bom_stripped = True
        report.note("removed the byte-order mark at the start of the file")
    return text[len(BOM) :]


def open_output(path: Path) -> IO[str]:
    """Open a file for writing UTF-8 with ``\\n`` line ends on every platform."""
    try:
        return path.open("w", encoding="utf-8", newline="\n")
    except OSError as error:
        raise UserError(f"{path}: cannot write the file: {error.strerror}") from None


def write_json_lines(objects: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with open_output(path) as out:
        for item in objects:
            out.write(json_line(item))
            count += 1
    return count


def json_line(item: dict[str, Any]) -> str:
    """One JSON Lines line; non-ASCII text stays readable rather than escaped."""
    return json.dumps(item, ensure_ascii=False) + "\n"


def _decode(path: Path, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(path, number, NOT_UTF8) from None


def open_binary(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as error:
        raise InputFileError(path, None, f"cannot read the file: {error.strerror}") from None


def _read_bytes(path: Path) -> bytes:
    with open_binary(path) as stream:
        return stream.read()
