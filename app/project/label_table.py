"""An editable table of new labels (name, colour, shortcut) with per-task defaults."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.widgets.theme import swatch
from ptcore.store.labels import default_color, default_shortcut

NAME, COLOR, SHORTCUT = range(3)


@dataclass(frozen=True)
class LabelSpec:
    name: str
    color: str
    shortcut: str


class LabelTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Colour", "Shortcut"])
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.add_button = QPushButton("Add label")
        self.remove_button = QPushButton("Remove")
        self.color_button = QPushButton("Colour…")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.color_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row(""))
        self.remove_button.clicked.connect(self._remove_current)
        self.color_button.clicked.connect(self._recolour_current)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.cellDoubleClicked.connect(self._on_double_click)

    def set_names(self, names: list[str]) -> None:
        self.table.setRowCount(0)
        for name in names:
            self.add_row(name)
        self.changed.emit()

    def add_row(self, name: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        self.table.setItem(row, NAME, name_item)
        self._set_color(row, default_color(row))
        self.table.setItem(row, SHORTCUT, QTableWidgetItem(default_shortcut(row)))
        if not name:
            self.table.setCurrentCell(row, NAME)
            self.table.editItem(name_item)

    def labels(self) -> list[LabelSpec]:
        return [
            LabelSpec(self._text(row, NAME), self._text(row, COLOR), self._text(row, SHORTCUT))
            for row in range(self.table.rowCount())
            if self._text(row, NAME)
        ]

    def problem(self) -> str | None:
        names = [label.name for label in self.labels()]
        if len(set(names)) != len(names):
            return "Two labels have the same name."
        if any("," in name for name in names):
            return "Label names cannot contain commas."
        return None

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _set_color(self, row: int, color: str) -> None:
        item = QTableWidgetItem(swatch(color), color)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, COLOR, item)

    def _remove_current(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.changed.emit()

    def _on_double_click(self, row: int, column: int) -> None:
        if column == COLOR:
            self._recolour_current()

    def _recolour_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        color = QColorDialog.getColor(QColor(self._text(row, COLOR)), self, "Label colour")
        if color.isValid():
            self._set_color(row, color.name().upper())
