"""Undo and Redo for the toolbar: a fixed short text, so the buttons never grow and push the
others away. The full "Undo Change 'Philadelphia Eagles' from LOC to ORG" lives in the
Edit menu's actions (QUndoStack's own) and in these buttons' tooltips."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack

from app.widgets import theme


def toolbar_undo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    keys = QKeySequence.StandardKey
    return (
        _short(stack, parent, "Undo", QKeySequence(keys.Undo).toString(), redo=False),
        _short(stack, parent, "Redo", QKeySequence(keys.Redo).toString(), redo=True),
    )


def _short(stack: QUndoStack, parent: QObject, text: str, keys: str, redo: bool) -> QAction:
    action = QAction(theme.icon(text.lower()), text, parent)
    action.setObjectName(f"toolbar{text}")
    can = stack.canRedo if redo else stack.canUndo
    changed = stack.canRedoChanged if redo else stack.canUndoChanged
    described = stack.redoText if redo else stack.undoText
    text_changed = stack.redoTextChanged if redo else stack.undoTextChanged

    def show_tip(what: str) -> None:  # the signal's text: the stack may be going away
        action.setToolTip(f"{text} {what} ({keys})" if what else f"Nothing to {text.lower()}")

    action.setEnabled(can())
    changed.connect(action.setEnabled)
    text_changed.connect(show_tip)
    show_tip(described())
    action.triggered.connect(stack.redo if redo else stack.undo)
    return action
