"""Reproducible automatic train/dev/test assignment.

A document's split comes from a hash of its text, so the same text lands in the same
split in every project and every import, whatever the order of the file.
"""

from __future__ import annotations

import hashlib

from ptcore.records import Split

DEFAULT_RATIOS = (0.8, 0.1, 0.1)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split_for(hash_hex: str, ratios: tuple[float, float, float] = DEFAULT_RATIOS) -> Split:
    bucket = int(hash_hex[:8], 16) / 0x1_0000_0000
    if bucket < ratios[0]:
        return Split.TRAIN
    if bucket < ratios[0] + ratios[1]:
        return Split.DEV
    return Split.TEST
