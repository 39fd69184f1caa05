"""Small numeric and script helpers shared by the task codecs and the metrics."""

from __future__ import annotations

import numpy as np

# Code-point ranges whose characters are written without spaces between words: CJK
# ideographs (with extensions and compatibility forms) and Japanese kana. Each such
# character is a word of its own, as in BERT's Chinese handling and CMRC's evaluation.
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x3134F),
)


def is_cjk_char(char: str) -> bool:
    """Whether ``char`` belongs to a script that does not separate words with spaces."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def contains_cjk(text: str) -> bool:
    """Whether any character of ``text`` is CJK; picks character-level QA scoring."""
    return any(is_cjk_char(char) for char in text)


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax; logits stay float64 to keep small probabilities."""
    shifted = np.asarray(logits, dtype=np.float64)
    shifted = shifted - shifted.max(axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=axis, keepdims=True)


def sigmoid(logits: np.ndarray) -> np.ndarray:
    """Element-wise logistic function, stable for large negative logits."""
    values = np.asarray(logits, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -values))
