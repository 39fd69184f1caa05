"""Showing the fit check: its verdict and numbers as rich text, with docs/models.md linked.

The check itself (``ptcore.engine.fit_guard``) imports transformers: call it in the background.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from ptcore.errors import UserError
from ptcore.store.project import Project

if TYPE_CHECKING:
    from ptcore.engine.fit_check import ModelFit

DOCS_NAME = "docs/models.md"
DOCS_PATH = Path(__file__).resolve().parents[2] / "docs" / "models.md"
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


class ImportSummary(str):
    """An import's one-line summary, carrying the fit warning for its text (or None)."""

    fit_warning: str | None

    def __new__(cls, summary: str, fit_warning: str | None) -> ImportSummary:
        value = super().__new__(cls, summary)
        value.fit_warning = fit_warning
        return value


def fit_warning(project: Project, texts: list[str]) -> str | None:
    """The warning for imported ``texts`` the project's model reads badly (background only:
    it loads the tokenizer); a model that cannot be checked gives no warning here, training
    says what is wrong with it."""
    if not texts:
        return None
    from ptcore.engine.fit_check import check_texts, load_fit_model
    from ptcore.engine.fit_guard import import_warning

    try:
        fit = check_texts(texts, load_fit_model(project.info().base_model or None))
    except UserError:
        return None
    return import_warning(fit)


def show_fit_warning(parent: QWidget, summary: str) -> QMessageBox | None:
    """Open (not exec) a warning box when ``summary`` carries a fit warning; returns it."""
    warning = getattr(summary, "fit_warning", None)
    if not warning:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "The base model reads this text badly",
        with_docs_link(warning),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.open()
    return box
