"""A row of buttons, one per label, with its colour swatch and shortcut hint."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ptcore.store.views import Label

SWATCH_PX = 14


class LabelBar(QWidget):
    label_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self.buttons: dict[str, QPushButton] = {}

    def set_labels(self, labels: list[Label]) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        if not labels:
            hint = QLabel("No labels yet: add some in Project ▸ Settings.", objectName="hint")
            self._layout.addWidget(hint)
        for label in labels:
            self.buttons[label.name] = self._button(label)
            self._layout.addWidget(self.buttons[label.name])
        self._layout.addStretch(1)

    def _button(self, label: Label) -> QPushButton:
        hint = f"  [{label.shortcut}]" if label.shortcut else ""
        button = QPushButton(swatch(label.color), label.name + hint, objectName="labelButton")
        button.setToolTip(f"Apply {label.name}" + (f" (key {label.shortcut})" if hint else ""))
        button.clicked.connect(lambda _checked=False, name=label.name: self.label_chosen.emit(name))
        return button


def swatch(color: str) -> QIcon:
    """A rounded colour square; SVG-free but crisp at 2x since it is drawn at double size."""
    pixmap = QPixmap(SWATCH_PX * 2, SWATCH_PX * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(140))
    painter.drawRoundedRect(1, 1, SWATCH_PX - 2, SWATCH_PX - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)
