"""Lines of a file as bytes, split at LF, CRLF or a lone CR, each at most so long.

A file saved with old Mac line ends (CR only) has as many lines as one saved on
Windows or Linux, and a 200 MB file without any line break is refused at the first
line too long instead of being read whole into memory. UTF-8 never uses the bytes of
CR or LF inside a character, so splitting bytes before decoding is safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")
CHUNK = 1 << 20
FIRST_CHUNK = 4096


class RawLine(NamedTuple):
    number: int
    offset: int
    data: bytes
    """The line's bytes with its line break, if it has one."""


class LineTooLong(Exception):
    """Line ``number`` has more than the allowed bytes; nothing past them was read."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def iter_byte_lines(stream: BinaryIO, max_bytes: int) -> Iterator[RawLine]:
    """The lines of ``stream``, read from its start; reads start small and double."""
    buffer = b""
    offset, number = 0, 1
    size = FIRST_CHUNK
    while True:
        chunk = stream.read(size)
        size = min(2 * size, CHUNK)
        buffer += chunk
        end = 0
        for found in _BYTE_BREAK.finditer(buffer):
            if found.end() == len(buffer) and found[0] == b"\r" and chunk:
                break  # the CR may be the first half of a CRLF split between chunks
            if found.end() - end > max_bytes:
                raise LineTooLong(number)
            yield RawLine(number, offset, buffer[end : found.end()])
            offset, number, end = offset + found.end() - end, number + 1, found.end()
        buffer = buffer[end:]
        if len(buffer) > max_bytes:
            raise LineTooLong(number)
        if not chunk:
            break
    if buffer:
        yield RawLine(number, offset, buffer)
