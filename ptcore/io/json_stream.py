"""A large JSON file read one record at a time, in memory bounded by its largest record.

The formats that are one JSON document (SQuAD, Label Studio, CMRC) hold their records in
lists a level or three down. This walks the brackets and names above the records by
hand and hands each record to ``SafeDecoder``, the standard decoder held to the shared
limits, so a 200 MB SQuAD file never sits in memory whole, and a syntax error still
names its line. Decoded text is kept only until the record it belongs to is read.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptcore.errors import InputFileError
from ptcore.io.lines import CHUNK, FIRST_CHUNK
from ptcore.io.report import ImportReport
from ptcore.io.safe_json import JsonRefused, SafeDecoder
from ptcore.io.text_io import EMPTY, NOT_UTF8, Place, limits_of, open_binary, strip_bom

KINDS = {
    "{": "an object",
    "[": "a list",
    '"': "a string",
    "t": "true/false",
    "f": "true/false",
    "n": "null",
}
WHITESPACE = re.compile(r"[ \t\r\n]*")
CUT_SHORT = "the JSON ends too early; is the file cut short?"
# A decoding error this close to the end of what was read may just need more text.
NEAR_END = 12


class JsonStream:
    """Walk a JSON file: ``kind`` looks ahead, ``array``/``object`` step through
    containers, ``value`` decodes what is next, ``end`` checks nothing follows."""

    def __init__(self, path: Path, report: ImportReport | None) -> None:
        self.path, self.report = path, report
        self.limits = limits_of(report)
        self.decoder = SafeDecoder(self.limits)
        self._file = open_binary(path)
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.text, self.pos, self.eof = "", 0, False
        self._line_base, self._read_size, self._started = 1, FIRST_CHUNK, False
        self._content_line = 1  # the line of the last text read, for "cut short"

    def __enter__(self) -> JsonStream:
        try:
            if self.kind() == "":
                raise InputFileError(self.path, None, EMPTY)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def kind(self) -> str:
        """What comes next: "an object", "a list", ... or "" at the end of the file."""
        char = self._peek()
        if not char:
            return ""
        return KINDS.get(char) or ("a number" if char in "-0123456789" else "text that is not JSON")

    def array(self) -> Iterator[int]:
        """Step into a list: yields 1, 2, ... with the position at each item, which the
        caller reads before asking for the next."""
        self._expect("[")
        if self._peek() == "]":
            self.pos += 1
            return
        number = 0
        while True:
            number += 1
            yield number
            if self._after_item("]"):
                return

    def object(self) -> Iterator[str]:
        """Step into an object: yields each name with the position at its value."""
        self._expect("{")
        if self._peek() == "}":
            self.pos += 1
            return
        while True:
            if self._peek() != '"':
                raise self._syntax("Expecting property name enclosed in double quotes")
            name = self.value()
            self._expect(":")
            yield str(name)
            if self._after_item("}"):
                return

    def value(self, record: str = "") -> Any:
        """Decode the value that comes next; refusals name its line and ``record``."""
        self._peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or (error.pos < len(self.text) - NEAR_END and not _unclosed(error)):
                    raise self._syntax(error.msg, error.pos) from None
                self._fill()
                continue
            except JsonRefused as error:
                place = Place(self.path, self.line(), record)
                raise place.error(str(error)) from None
            if end < len(self.text) or self.eof:
                self.pos = end
                return value
            self._fill()  # a number may go on in the text not read yet

    def end(self) -> None:
        if self._peek():
            raise self._syntax("Extra data")

    def line(self, pos: int | None = None) -> int:
        """The line of ``pos`` (default: the current position), counting LF, CRLF and CR."""
        return self._line_base + _breaks(self.text, self.pos if pos is None else pos)

    def _after_item(self, closing: str) -> bool:
        char = self._peek()
        self.pos += 1
        if char == closing:
            return True
        if char != ",":
            self.pos -= 1
            raise self._syntax(f"Expecting ',' delimiter or '{closing}'")
        return False

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise self._syntax(f"Expecting '{char}'")
        self.pos += 1

    def _peek(self) -> str:
        """The next character that is not white space, reading on as needed."""
        while True:
            self.pos = WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self._fill()

    def _fill(self) -> None:
        """Read more of the file, dropping the text already read."""
        if self.pos:
            content_end = len(self.text[: self.pos].rstrip())
            if content_end:
                self._content_line = self._line_base + _breaks(self.text, content_end)
            self._line_base += _breaks(self.text, self.pos)
            self.text, self.pos = self.text[self.pos :], 0
        if len(self.text) > self.limits.max_record_bytes:
            place = Place(self.path, self._line_base)
            raise place.error(self.limits.too_many_bytes("a JSON value that starts here"))
        data = self._file.read(self._read_size)
        self._read_size = min(2 * self._read_size, CHUNK)
        try:
            text = self._utf8.decode(data, final=not data)
        except UnicodeDecodeError as error:
            before = data[: error.start].decode("utf-8", "replace")
            line = self.line(len(self.text)) + _breaks(before, len(before))
            raise InputFileError(self.path, line, NOT_UTF8) from None
        if not self._started:
            text, self._started = strip_bom(text, self.report), True
        self.text += text
        self.eof = not data

    def _syntax(self, message: str, pos: int | None = None) -> InputFileError:
        pos = self.pos if pos is None else pos
        if self.eof and not self.text[pos:].strip():
            content_end = len(self.text.rstrip())
            line = self.line(content_end) if content_end else self._content_line
            return InputFileError(self.path, line, CUT_SHORT)
        return InputFileError(self.path, self.line(pos), f"not valid JSON: {message}")


def _unclosed(error: json.JSONDecodeError) -> bool:
    """The decoder names where an unclosed string starts, not where the text ran out."""
    return error.msg.startswith("Unterminated string")


def _breaks(text: str, end: int) -> int:
    """Line breaks in ``text[:end]``."""
    return text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end)
