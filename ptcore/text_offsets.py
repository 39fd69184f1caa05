"""Convert between Python ``str`` indices (code points) and UTF-16 code-unit offsets.

The store counts code points; Qt's text classes count UTF-16 units, where every character
outside the Basic Multilingual Plane (most emoji, rare CJK) takes two. ``OffsetMap`` records
only where those astral characters sit, so building it is one pass and each conversion is a
binary search: cheap for 100,000-character documents.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

ASTRAL_START = 0x10000


class OffsetMap:
    """Offsets of one text in both counting schemes."""

    def __init__(self, text: str) -> None:
        self.text = text
        astral = (
            [i for i, c in enumerate(text) if ord(c) >= ASTRAL_START] if not text.isascii() else []
        )
        self._astral = astral  # code-point index of each astral character
        self._astral_utf16 = [i + k for k, i in enumerate(astral)]  # their UTF-16 offsets
        self.utf16_length = len(text) + len(astral)

    def to_utf16(self, index: int) -> int:
        """The UTF-16 offset of code-point ``index`` (``len(text)`` maps to the end)."""
        index = max(0, min(index, len(self.text)))
        return index + bisect_left(self._astral, index)

    def to_python(self, offset: int, round_up: bool = False) -> int:
        """The code-point index at UTF-16 ``offset``.

        An offset between the two halves of a surrogate pair has no code-point index: it
        moves back to the character's start, or forward past it with ``round_up``.
        """
        offset = max(0, min(offset, self.utf16_length))
        whole = bisect_right(self._astral_utf16, offset - 2)  # astral chars wholly before
        index = offset - whole
        inside = whole < len(self._astral_utf16) and self._astral_utf16[whole] == offset - 1
        return index if round_up or not inside else index - 1

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_python(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 range widened to whole characters."""
        return self.to_python(start), self.to_python(end, round_up=True)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
