"""Small coloured label widgets: chips for assigned labels, buttons for the label set."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QWidget

from app.editors.span_paint import readable_on
from app.widgets.theme import as_hint
from ptcore.store.views import Label


def chip(text: str, color: str, parent: QWidget | None = None) -> QLabel:
    """A rounded, filled label name."""
    widget = QLabel(text, parent)
    fill = QColor(color)
    widget.setStyleSheet(
        f"background: {fill.name()}; color: {readable_on(fill).name()}; border-radius: 9px;"
        " padding: 2px 10px; font-weight: 600;"
    )
    return widget


def chip_button(label: Label, parent: QWidget | None = None) -> QPushButton:
    """A filled chip that applies its label when clicked, showing the shortcut key."""
    text = f"{label.shortcut} · {label.name}" if label.shortcut else label.name
    button = QPushButton(text, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    key = f" (key {label.shortcut})" if label.shortcut else ""
    button.setToolTip(f"Tag the selection, or the selected entity, as {label.name}{key}")
    fill = QColor(label.color)
    button.setStyleSheet(
        f"QPushButton {{ background: {fill.name()}; color: {readable_on(fill).name()};"
        " border: none; border-radius: 9px; padding: 2px 10px; font-weight: 600; }"
        f"QPushButton:hover {{ background: {fill.darker(115).name()}; }}"
    )
    return button


def ghost_chip(text: str, color: str, parent: QWidget | None = None) -> QPushButton:
    """A hollow, dashed chip: the model's suggestion, not a label yet (click to accept)."""
    widget = QPushButton(text, parent)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    fill = QColor(color)
    border = fill.name()
    hover = f"rgba({fill.red()}, {fill.green()}, {fill.blue()}, 60)"
    widget.setStyleSheet(
        f"QPushButton {{ border: 2px dashed {border}; border-radius: 9px; padding: 1px 10px;"
        " font-weight: 600; background: transparent; }"
        f"QPushButton:hover {{ background: {hover}; }}"
    )
    return widget


def label_button(label: Label, parent: QWidget | None = None) -> QPushButton:
    """A checkable button showing the label's shortcut, name and colour."""
    key = f"{label.shortcut}  " if label.shortcut else ""
    button = QPushButton(f"{key}{label.name}", parent)
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolTip(f"{label.name} (key {label.shortcut})" if label.shortcut else label.name)
    fill = QColor(label.color)
    button.setStyleSheet(
        f"QPushButton {{ border: 1px solid {fill.name()}; border-left: 8px solid {fill.name()};"
        " border-radius: 4px; padding: 6px 12px; text-align: left; }"
        f"QPushButton:checked {{ background: {fill.name()}; color: {readable_on(fill).name()};"
        " font-weight: 600; }"
    )
    bold = button.font()
    bold.setBold(True)
    button.setFont(bold)  # the checked look may be bold: size the button for it
    button.setMinimumWidth(button.sizeHint().width() + 8)
    return button


NO_LABELS = "No labels yet: add some in Project ▸ Project settings (Ctrl+,)."
PICKER_THRESHOLD = 10  # past the digit keys, offer the type-ahead picker as a button too


def picker_button(count: int, slot: object, parent: QWidget | None = None) -> QPushButton | None:
    """ "Find label… /" for label sets too long to scan, else None."""
    if count <= PICKER_THRESHOLD:
        return None
    button = QPushButton("Find label… /", parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setToolTip("Type a few letters of a label's name and press Enter (key /)")
    button.clicked.connect(slot)
    return button


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # out of the layout now; gone at the next event loop turn
            widget.deleteLater()


def fill_legend(
    layout: QLayout,
    labels: Sequence[Label],
    apply_label: Callable[[str], None],
    pick_label: Callable[[], None],
) -> None:
    """The label set as chips that apply their label (and "Find label…" for long sets)."""
    clear_layout(layout)
    finder = picker_button(len(labels), pick_label)
    if finder is not None:
        layout.addWidget(finder)
    for label in labels:
        button = chip_button(label)
        button.clicked.connect(lambda _=False, name=label.name: apply_label(name))
        layout.addWidget(button)
    if not labels:
        layout.addWidget(as_hint(QLabel(NO_LABELS)))


def flash_button(button: QPushButton, ms: int) -> None:
    """Outline ``button`` in the selection colour for ``ms``: Undo/Redo changed its label."""
    style = button.styleSheet()
    color = button.palette().color(QPalette.ColorRole.Highlight).name()
    button.setStyleSheet(style + f"QPushButton {{ border: 3px solid {color}; }}")
    QTimer.singleShot(ms, button, lambda: button.setStyleSheet(style))
