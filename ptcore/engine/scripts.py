"""Which writing systems a text uses, by Unicode block: enough to tell English from Chinese.

Counted per distinct character (``collections.Counter`` does the per-character work in C), so
it stays fast on the fit check's sample.
"""

from __future__ import annotations

import bisect
from collections import Counter

COMMON = "Digits and punctuation"
OTHER = "Other"
# (first code point, last code point, script), sorted by first code point.
BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0030, 0x0039, COMMON),
    (0x0041, 0x005A, "Latin"),
    (0x0061, 0x007A, "Latin"),
    (0x00C0, 0x024F, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x2000, 0x2BFF, COMMON),
    (0x3000, 0x303F, COMMON),
    (0x3040, 0x30FF, "Kana"),
    (0x3400, 0x4DBF, "CJK"),
    (0x4E00, 0x9FFF, "CJK"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xF900, 0xFAFF, "CJK"),
    (0xFF00, 0xFF0F, COMMON),
    (0xFF10, 0xFF19, COMMON),
    (0xFF1A, 0xFF20, COMMON),
    (0xFF21, 0xFF5A, "Latin"),
    (0xFF5B, 0xFF65, COMMON),
    (0x20000, 0x2FA1F, "CJK"),
)
STARTS = [first for first, _, _ in BLOCKS]
ASCII_COMMON = frozenset(chr(c) for c in range(0x21, 0x80) if not chr(c).isalnum())


def script_of(char: str) -> str:
    """The script of one character; ASCII punctuation and symbols count as common."""
    if char in ASCII_COMMON:
        return COMMON
    code = ord(char)
    index = bisect.bisect_right(STARTS, code) - 1
    if index >= 0 and code <= BLOCKS[index][1]:
        return BLOCKS[index][2]
    return COMMON if not char.isalnum() else OTHER


def script_counts(characters: Counter[str]) -> Counter[str]:
    """Characters per script, whitespace left out."""
    counts: Counter[str] = Counter()
    for char, count in characters.items():
        if not char.isspace():
            counts[script_of(char)] += count
    return counts


def script_shares(counts: Counter[str]) -> dict[str, float]:
    """Each script's share of the non-space characters, largest first, rounded to 4 places."""
    total = sum(counts.values())
    return {name: round(n / total, 4) for name, n in counts.most_common()} if total else {}


def cjk_share_of_letters(counts: Counter[str]) -> float:
    """CJK characters among the characters that belong to a script (digits and punctuation
    left out): 0.5 or more means the text is mostly Chinese (or Japanese kanji)."""
    letters = sum(n for name, n in counts.items() if name != COMMON)
    return counts["CJK"] / letters if letters else 0.0
