"""Showing the fit check: its verdict and numbers as rich text, with docs/models.md linked.

The check itself (``ptcore.engine.fit_guard``) imports transformers: call it in the background.
"""

from __future__ import annotations

import html
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl

if TYPE_CHECKING:
    from ptcore.engine.fit_check import ModelFit

DOCS_NAME = "docs/models.md"
DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "models.md"
VERDICT_COLOURS = {"reads well": "#2e7d32", "reads poorly": "#ef6c00", "cannot read": "#c62828"}


def docs_url() -> str:
    return QUrl.fromLocalFile(str(DOCS_PATH)).toString()


def with_docs_link(text: str) -> str:
    """``text`` as rich text, its mention of docs/models.md a link to the file."""
    link = f'<a href="{docs_url()}">{DOCS_NAME}</a>'
    return html.escape(text).replace(DOCS_NAME, link)


def fit_html(fit: ModelFit) -> str:
    """The verdict in its colour, then every number of the check, one per line."""
    from ptcore.engine.fit_guard import fit_lines, verdict_line

    colour = VERDICT_COLOURS.get(fit.verdict, "")
    head = f'<b style="color:{colour}">{html.escape(verdict_line(fit))}</b>'
    lines = "<br>".join(html.escape(line) for line in fit_lines(fit))
    more = f'What the numbers mean: <a href="{docs_url()}">{DOCS_NAME}</a>'
    return f"{head}<br>{lines}<br>{more}"
