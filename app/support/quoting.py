"""Short quotes of the person's text, for messages and the names of undo steps."""

from __future__ import annotations

QUOTE_CHARS = 30


def quote(text: str) -> str:
    """``text`` on one line, cut to ``QUOTE_CHARS`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
