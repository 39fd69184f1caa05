"""The standard JSON decoder, held to the limits every reader shares.

Python's decoder recurses once per nesting level (deep nesting raised
``RecursionError``), converts numbers of any length (5,000 digits raised
``ValueError``), accepts ``NaN`` and keeps lone UTF-16 surrogates (``"caf\\ud800"``),
which no UTF-8 file or database can hold. Here each of those is a ``JsonRefused``
with a sentence for the user; callers add the file and the place.

ijson (3.6, yajl2_c backend) was tried for streaming and left out: it silently turns
lone surrogates into other characters (``"\\ud800\\u0041"`` becomes U+10041), and
its prefixed events take time quadratic in nesting depth (40,000 levels: 27 s).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ptcore.io.limits import SURROGATE, ReadLimits, surrogate_problem

# A \u escape in the surrogate range; decoded values are checked only when one occurs.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SPACE = re.compile(r"[ \t\r\n]*")


class JsonRefused(Exception):
    """Valid JSON that is beyond the limits; ``str()`` is the problem."""


class SafeDecoder:
    """``raw_decode`` with nesting, number and surrogate checks."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._decoder = json.JSONDecoder(
            parse_int=self._int, parse_float=self._float, parse_constant=_constant
        )

    def loads(self, text: str) -> Any:
        value, end = self.raw_decode(text, _skip_space(text, 0))
        if _skip_space(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip_space(text, end))
        return value

    def raw_decode(self, text: str, index: int) -> tuple[Any, int]:
        """The value starting at ``text[index]`` and the index just after it."""
        try:
            value, end = self._decoder.raw_decode(text, index)
        except RecursionError:
            raise self._too_deep() from None
        brackets = text.count("[", index, end) + text.count("{", index, end)
        strings = SURROGATE_ESCAPE.search(text, index, end) is not None
        if brackets > self.limits.max_depth or strings:
            self._walk(value, strings)
        return value, end

    def _walk(self, value: Any, strings: bool) -> None:
        stack = [(value, 0)]
        while stack:
            item, depth = stack.pop()
            if isinstance(item, dict | list):
                if depth >= self.limits.max_depth:
                    raise self._too_deep()
                children = [*item, *item.values()] if isinstance(item, dict) else item
                stack.extend((child, depth + 1) for child in children)
            elif strings and isinstance(item, str) and SURROGATE.search(item):
                raise JsonRefused(surrogate_problem(item))

    def _too_deep(self) -> JsonRefused:
        return JsonRefused(f"the JSON nests more than {self.limits.max_depth} levels deep")

    def _int(self, digits: str) -> int:
        self._check_length(digits)
        return int(digits)

    def _float(self, digits: str) -> float:
        self._check_length(digits)
        value = float(digits)
        if not math.isfinite(value):
            raise JsonRefused(f"the number {digits} is too large")
        return value

    def _check_length(self, digits: str) -> None:
        if len(digits) > self.limits.max_number_digits:
            raise JsonRefused(
                f"a number is longer than {self.limits.max_number_digits} digits: {digits[:20]}..."
            )


def _constant(name: str) -> float:
    raise JsonRefused(f"{name} is not a JSON number")


def _skip_space(text: str, index: int) -> int:
    return _SPACE.match(text, index).end()  # type: ignore[union-attr]
