"""How much hostile input a reader accepts before it says no.

Every reader shares these bounds, so a file that nests JSON ten thousand levels deep,
writes a 5,000-digit number or puts 200 MB on one line gets a message naming the file
and the place instead of a crash, a hang or a memory spike. ``max_document_chars`` is
the user's knob (``ptcore import --max-document-size``); the others guard the parser.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

from ptcore.records import DocumentRecord

DEFAULT_MAX_DOCUMENT_CHARS = 1_000_000
# A lone UTF-16 half: JSON can spell one ("\ud800"), but it is not text and cannot be stored.
SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadLimits:
    """``max_document_chars``: the longest text (or QA context) one document may have.

    ``max_depth`` bounds JSON nesting (real exports nest under 10 levels) and
    ``max_number_digits`` the length of a JSON number (offsets and ids need a dozen).
    """

    max_document_chars: int = DEFAULT_MAX_DOCUMENT_CHARS
    max_depth: int = 100
    max_number_digits: int = 100

    @property
    def max_record_bytes(self) -> int:
        """The most bytes one line or one JSON record may take: room for a document of the
        longest length written as JSON escapes (6 bytes a character) and its annotations."""
        return 8 * self.max_document_chars + (1 << 20)

    def hint(self) -> str:
        return (
            f"a document may hold at most {self.max_document_chars:,} characters "
            "(raise the limit with --max-document-size)"
        )

    def too_many_bytes(self, what: str) -> str:
        return f"{what} is over {self.max_record_bytes:,} bytes long; {self.hint()}"


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def record_problem(record: DocumentRecord, limits: ReadLimits) -> str | None:
    """Why a record read from a file cannot be stored, whatever the reader.

    The shared readers refuse surrogates where they decode them, naming the line; this
    catches any reader that does not, before ``text_hash`` would fail on one.
    """
    if len(record.text) > limits.max_document_chars:
        return f"the text has {len(record.text):,} characters; {limits.hint()}"
    strings = [
        record.text,
        *record.labels,
        *(span.label for span in record.entities),
        *(question.text for question in record.questions),
        *(question.external_id or "" for question in record.questions),
        record.external_id or "",
    ]
    for value in strings:
        if not value.isascii() and SURROGATE.search(value):
            return surrogate_problem(value)
    return None


def surrogate_problem(value: str) -> str:
    found = SURROGATE.search(value)
    where = found.start() if found else 0
    shown = value[max(0, where - 10) : where]
    return (
        f'a string holds a lone surrogate \\u{ord(value[where]):04x} after "{shown}": '
        "half of a UTF-16 pair, which is not text; fix the file's escapes"
    )
