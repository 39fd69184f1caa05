"""Snap a raw text selection to whole tokens, and check spans against a model's tokens.

Tokens here are what a person means by "a word": a run of letters and digits in spaced
scripts, one character in scripts written without spaces (Chinese, Japanese, Thai), one
symbol otherwise. Emoji sequences, combining marks and variation selectors stay with the
character they modify. All offsets are Python ``str`` indices.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

SPACE, WORD, SINGLE = "space", "word", "single"
ZWJ = "\u200d"
# Scripts written without spaces between words: each character is a token.
UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFF0F),  # full-width punctuation
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def is_unspaced(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in UNSPACED_RANGES)


def is_attached(char: str) -> bool:
    """Marks that belong to the character before them (accents, emoji modifiers, joiners)."""
    code = ord(char)
    return (
        char == ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (flag sequences)
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
    )


def char_kind(char: str) -> str:
    if char.isspace():
        return SPACE
    if is_unspaced(char):
        return SINGLE
    if char.isalnum() or char == "_":
        return WORD
    return SINGLE


def token_start(text: str, index: int) -> int:
    """Start of the token that contains ``text[index]``."""
    while index > 0 and (is_attached(text[index]) or text[index - 1] == ZWJ):
        index -= 1
    if char_kind(text[index]) == WORD:
        while index > 0 and _continues_word(text, index - 1):
            index -= 1
    return index


def token_end(text: str, index: int) -> int:
    """End (exclusive) of the token that contains ``text[index]``."""
    start = token_start(text, index)
    end = start + 1
    if char_kind(text[start]) == WORD:
        while end < len(text) and _continues_word(text, end):
            end += 1
    while end < len(text) and (is_attached(text[end]) or text[end - 1] == ZWJ):
        end += 1
    return end


def _continues_word(text: str, index: int) -> bool:
    char = text[index]
    return char_kind(char) == WORD or (is_attached(char) and char != ZWJ)


def word_at(text: str, index: int) -> tuple[int, int] | None:
    """The token under ``index`` (a double-click), or None on white space or past the end."""
    if not 0 <= index < len(text) or text[index].isspace():
        return None
    return token_start(text, index), token_end(text, index)


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen ``[start, end)`` to whole tokens and trim white space; None if nothing is left."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return token_start(text, start), token_end(text, end - 1)


class TokenBoundaries:
    """Where a tokenizer's tokens start and end, to flag spans that cut through one."""

    def __init__(self, offsets: Sequence[tuple[int, int]]) -> None:
        tokens = sorted((s, e) for s, e in offsets if e > s)
        self._starts = [s for s, _ in tokens]
        self._ends = [e for _, e in tokens]
        self._reach = list(accumulate(self._ends, max))  # furthest end so far

    def cuts(self, position: int) -> tuple[int, int] | None:
        """The token that ``position`` falls strictly inside, if any."""
        i = bisect_right(self._starts, position - 1) - 1  # last token starting before it
        if i < 0 or self._reach[i] <= position:
            return None
        while self._ends[i] <= position:  # an earlier, longer token reaches over it
            i -= 1
        return self._starts[i], self._ends[i]

    def span_cuts(self, start: int, end: int) -> list[tuple[int, int]]:
        """Tokens that a span boundary cuts through (empty when the span is clean)."""
        return [token for token in (self.cuts(start), self.cuts(end)) if token is not None]


def tokenizer_boundaries(text: str, tokenizer: Any) -> TokenBoundaries | None:
    """The token boundaries of a fast Hugging Face tokenizer, or None if it has no offsets."""
    if not getattr(tokenizer, "is_fast", False):
        return None
    encoding = tokenizer(
        text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False
    )
    return TokenBoundaries([tuple(pair) for pair in encoding["offset_mapping"]])
