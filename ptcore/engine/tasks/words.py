"""Split text into the words that NER labels and evaluates.

Spaced scripts give runs of letters, digits and marks; every punctuation mark, symbol
(emoji included) and CJK character is a word of its own, so mixed text like
"张三 visited 北京" works without a segmenter. Combining marks, emoji modifiers and
zero-width-joined emoji stay in the word before them, so a span never cuts a glyph.
"""

from __future__ import annotations

import unicodedata
from enum import Enum, auto
from typing import NamedTuple

from ptcore.engine.tasks.common import is_cjk_char

_ZERO_WIDTH_JOINER = "\u200d"
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)


class Word(NamedTuple):
    """A word as ``text[start:end]``."""

    start: int
    end: int


class _Kind(Enum):
    SEPARATOR = auto()
    RUN = auto()
    SOLO = auto()
    ATTACH = auto()


def split_words(text: str) -> list[Word]:
    """The words of ``text`` in order, as code-point offsets."""
    bounds: list[list[int]] = []
    joinable = False
    for index, char in enumerate(text):
        kind = _kind(char, text[index - 1] if index else "")
        if kind is _Kind.SEPARATOR:
            continue
        adjacent = bool(bounds) and bounds[-1][1] == index
        if adjacent and (kind is _Kind.ATTACH or (kind is _Kind.RUN and joinable)):
            bounds[-1][1] = index + 1
        else:
            bounds.append([index, index + 1])
            joinable = kind is _Kind.RUN
    return [Word(start, end) for start, end in bounds]


def _kind(char: str, previous: str) -> _Kind:
    """How ``char`` relates to the word being built, given the character before it."""
    if char.isspace():
        return _Kind.SEPARATOR
    category = unicodedata.category(char)
    if category[0] == "M" or char == _ZERO_WIDTH_JOINER or previous == _ZERO_WIDTH_JOINER:
        return _Kind.ATTACH
    if ord(char) in _EMOJI_MODIFIERS:
        return _Kind.ATTACH
    if category in ("Cc", "Cf"):
        return _Kind.SEPARATOR
    if is_cjk_char(char) or category[0] in "PS":
        return _Kind.SOLO
    return _Kind.RUN
