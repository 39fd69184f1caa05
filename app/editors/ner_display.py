"""How the NER editor draws entities and the model's suggested entities.

Pure functions of an entity (or suggestion), the text and the label's colour, as
``qa_display`` is for QA: the editor keeps to reacting, the drawing rules sit here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from app.editors.span_text_view import Highlight
from app.editors.suggestions import SuggestedSpan, SuggestionKey
from app.widgets.theme import swatch
from ptcore.store.views import Entity


def entity_highlight(entity: Entity, text: str, color: str) -> Highlight:
    covered = text[entity.start : entity.end]
    tip = f"{entity.label}: {covered!r} [{entity.start}, {entity.end})"
    return Highlight(entity.start, entity.end, color, entity.label, entity.id, tip)


def ghost_highlight(index: int, suggestion: SuggestedSpan, text: str, color: str) -> Highlight:
    covered = text[suggestion.start : suggestion.end]
    tip = (
        f"Model: {suggestion.label} {covered!r} (confidence {suggestion.confidence:.2f})"
        "\nClick to accept it."
    )
    return Highlight(
        suggestion.start,
        suggestion.end,
        color,
        f"{suggestion.label} {suggestion.confidence:.2f}",
        SuggestionKey(index),
        tip,
        ghost=True,
    )


def entity_item(entity: Entity, text: str, color: str, cuts_a_token: bool) -> QListWidgetItem:
    """The entity's row in the side list; ⚠ when a boundary cuts a model token."""
    flag = " ⚠" if cuts_a_token else ""
    covered = text[entity.start : entity.end]
    item = QListWidgetItem(swatch(color), f"{entity.label}   {covered}{flag}")
    item.setData(Qt.ItemDataRole.UserRole, entity.id)
    item.setToolTip(
        f"[{entity.start}, {entity.end})"
        + ("  — a boundary cuts through a model token" if flag else "")
    )
    return item
