"""Annotation keys work wherever the focus is in the project window, except in a text field.

Without this, a label key, A, S, N or Enter pressed while the document list, a filter or the
Training panel has the focus went to that widget (the list jumped to a row starting with the
letter, a filter changed its value) and the annotation was silently lost. The router sits in
front of every focusable widget outside the editor: plain printable keys and Enter go to the
editor first, and whatever the editor does not use goes on to the widget (arrows, Space,
Tab, a letter that is no key). In a text field the keys type as usual, and Escape hands the
focus back to the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.editors.base import ACCEPT_KEYS, EditorBase

COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def is_text_entry(widget: QWidget | None) -> bool:
    """Whether keys typed into ``widget`` are text (a search box, a spin box, an editable
    combo box or text area): there they must type, not annotate."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QLineEdit | QAbstractSpinBox)


def is_annotation_key(event: QKeyEvent) -> bool:
    if event.modifiers() & COMMAND_MODIFIERS:
        return False
    return event.key() in ACCEPT_KEYS or (event.text().isprintable() and bool(event.text().strip()))


class KeyRouter(QObject):
    """Sends annotation keys from anywhere in ``window`` to ``editor`` (see the module doc)."""

    def __init__(self, window: QWidget, editor: EditorBase) -> None:
        super().__init__(window)
        self.editor = editor
        for widget in window.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not self._in_editor(widget):
                widget.installEventFilter(self)

    def _in_editor(self, widget: QWidget) -> bool:
        return widget is self.editor or self.editor.isAncestorOf(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if is_text_entry(watched):
            if event.key() == Qt.Key.Key_Escape and not event.modifiers():
                self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            return False
        return is_annotation_key(event) and self.editor.handle_key(event)
