"""Tables whose columns fit their contents: every title in full, numbers never cut, long
text columns capped and elided (the model gives the full text as the cell's tooltip); the
table scrolls sideways when the columns are wider than the room it has."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

MAX_TEXT_WIDTH = 220


def fit_columns(
    view: QTableView,
    text_columns: Sequence[int] | None = (0,),
    max_text_width: int = MAX_TEXT_WIDTH,
) -> None:
    """Size the columns now and whenever the model's rows or columns change;
    ``text_columns`` are capped at ``max_text_width`` (None: every column)."""
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    model = view.model()

    def refit() -> None:
        for column in range(model.columnCount()):
            view.resizeColumnToContents(column)
            if text_columns is None or column in text_columns:
                title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                floor = header.fontMetrics().horizontalAdvance(title) + 24
                header.resizeSection(
                    column, max(floor, min(header.sectionSize(column), max_text_width))
                )

    for signal in (
        model.modelReset,
        model.layoutChanged,
        model.columnsInserted,
        model.rowsInserted,
    ):
        signal.connect(refit)
    refit()
