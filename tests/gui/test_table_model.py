"""A table paints each cell with one call into Python (``multiData``), not one per role:
while a model trains, each call waits for the training thread's GIL."""

from __future__ import annotations

import sys

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from app.training.tables import RowsModel


class CountingRows(RowsModel):
    def __init__(self) -> None:
        super().__init__()
        self.entries_from_qt: list[int] = []  # the roles Qt asked for one by one
        self.calls = 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        self.calls += 1
        if sys._getframe(1).f_code.co_name != "multiData":
            self.entries_from_qt.append(role)
        return super().data(index, role)


def test_a_repaint_asks_each_cell_once_and_shows_what_data_gives(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = CountingRows()
    model.set_rows(["label", "f1"], [("PER", 0.8125), ("LOC", 0.5)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # the view lays its items out
    model.entries_from_qt.clear()
    view.viewport().repaint()
    assert model.calls >= 4 * 7  # every role of every cell was asked
    assert model.entries_from_qt == []
    assert view.model().index(0, 1).data() == "0.812"  # a direct call still answers
    assert model.entries_from_qt == [Qt.ItemDataRole.DisplayRole]
