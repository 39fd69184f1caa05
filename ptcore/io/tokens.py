"""Tokens to text and back, so a CoNLL sentence survives an export unchanged.

A sentence read from a column file becomes text by joining its tokens with one space,
except between two CJK characters, which Chinese and Japanese write with no space. A
character-level sentence (Chinese files with one character a line, where Latin words and
URLs are spelled out a letter a line) is joined with no spaces at all, so "h t t p"
comes back as "http". ``tokenize`` undoes exactly that: text with CJK and no white space
goes back to one character a token; otherwise it splits on whitespace and takes each CJK
character alone, so the tokens come back as they were read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

# Ideographs, kana, CJK punctuation and full-width forms; not U+3000, which is a space.
CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
CJK_CHAR = re.compile(f"[{CJK}]")
TOKEN = re.compile(f"[{CJK}]|[^\\s{CJK}]+")
CHARACTER = re.compile(r"\S")


def is_cjk(char: str) -> bool:
    return CJK_CHAR.fullmatch(char) is not None


def is_character_level(tokens: Sequence[str]) -> bool:
    return all(len(token) == 1 for token in tokens) and any(map(is_cjk, tokens))


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[int]]:
    """The sentence text and the offset where each token starts in it."""
    glue_all = is_character_level(tokens)
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for index, token in enumerate(tokens):
        if index and not glue_all and not (is_cjk(tokens[index - 1][-1]) and is_cjk(token[0])):
            parts.append(" ")
            length += 1
        starts.append(length)
        parts.append(token)
        length += len(token)
    return "".join(parts), starts


def tokenize(text: str, cuts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Token ``(start, end)`` offsets; also split wherever a cut (an entity edge) falls."""
    edges = sorted(set(cuts))
    tokens: list[tuple[int, int]] = []
    character_level = CJK_CHAR.search(text) is not None and not any(c.isspace() for c in text)
    for match in (CHARACTER if character_level else TOKEN).finditer(text):
        start, end = match.span()
        inner = [cut for cut in edges if start < cut < end]
        bounds = [start, *inner, end]
        tokens.extend(pairwise(bounds))
    return tokens
