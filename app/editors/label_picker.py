"""The type-ahead label picker (as in Prodigy and INCEpTION): press / in an editor, type a
few letters of any label's name, Enter applies the highlighted one. It reaches every label,
however many there are, also those without a key of their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ptcore.store.views import Label

PICKER_KEY = "/"


def matching(labels: Sequence[Label], typed: str) -> list[Label]:
    """Labels whose name starts with ``typed`` first, then those that contain it."""
    typed = typed.strip().lower()
    starts = [label for label in labels if label.name.lower().startswith(typed)]
    contains = [label for label in labels if typed in label.name.lower() and label not in starts]
    return starts + contains


class LabelPicker(QDialog):
    """A small popup: a filter box over the label list; Enter or a click picks."""

    def __init__(
        self, labels: Sequence[Label], on_pick: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.labels, self.on_pick = list(labels), on_pick
        self.filter = QLineEdit(placeholderText="Type a label's name, Enter to apply")
        self.list = QListWidget(focusPolicy=Qt.FocusPolicy.NoFocus)  # type: ignore[call-arg]  # stubs lack Qt property keywords
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._fill)
        self.filter.returnPressed.connect(self.pick_current)
        self.list.itemClicked.connect(lambda item: self._pick(item.text()))
        self.filter.installEventFilter(self)
        self._fill("")

    def _fill(self, typed: str) -> None:
        self.list.clear()
        for label in matching(self.labels, typed):
            item = QListWidgetItem(label.name)
            item.setToolTip(f"key {label.shortcut}" if label.shortcut else "no key: pick it here")
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Up and Down in the filter box move through the list."""
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                row = (self.list.currentRow() + step) % self.list.count()
                self.list.setCurrentRow(row)
                return True
        return False

    def pick_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._pick(item.text())

    def _pick(self, name: str) -> None:
        self.close()
        self.on_pick(name)

    def popup(self, anchor: QWidget) -> None:
        width = max(260, anchor.width() // 3)
        self.resize(width, min(360, 60 + 24 * len(self.labels)))
        self.move(anchor.mapToGlobal(anchor.rect().center()) - self.rect().center())
        self.show()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)
