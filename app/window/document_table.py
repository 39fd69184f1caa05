"""The document list's table: one row per document, columns sized to what they show.

The short columns (status, split, the model's confidence and ≠) are as wide as their title
or widest value; the text column takes the room the others leave.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.window.document_list import DocumentListModel

LABELS_COLUMN, TEXT_COLUMN = 2, 3
TEXT_MIN_WIDTH = 180
# Columns sized to their title or their widest possible value, in the font they show in.
WIDEST_VALUE = {"Status": "unlabeled", "Split": "train", "Conf.": "0.00"}
CELL_PADDING = 24


class DocumentTableView(QTableView):
    """Repaints only the cells that changed, if any are in view. For a change of more than
    a couple of hundred cells Qt repaints the whole viewport; each evaluation while training
    changes the model columns of every row, and repainting the text beside them (or the
    whole list when those columns are scrolled out of view) was most of a stall."""

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if top_left == bottom_right:  # one cell: Qt repaints just that one
            super().dataChanged(top_left, bottom_right, roles)
            return
        changed = self.visualRect(top_left).united(self.visualRect(bottom_right))
        self.viewport().update(changed.intersected(self.viewport().rect()))


def document_table(model: DocumentListModel) -> QTableView:
    view = DocumentTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    for column, spec in enumerate(model.columns):
        header.resizeSection(column, spec.width)
    fit_short_columns(view)
    return view


class TextColumnFitter(QObject):
    """Gives the text column the room the other columns leave, never less than
    ``TEXT_MIN_WIDTH``: in a narrow list it scrolls sideways rather than hide the text."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != TEXT_COLUMN)
        room = self.view.viewport().width() - others
        header.resizeSection(TEXT_COLUMN, max(TEXT_MIN_WIDTH, room))


def fit_short_columns(view: QTableView) -> None:
    """Status, Split, Conf. and ≠ as wide as their title or widest value, no wider."""
    header, metrics = view.horizontalHeader(), view.fontMetrics()
    model = view.model()
    for column in range(model.columnCount()):
        if column == TEXT_COLUMN:
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        if title in WIDEST_VALUE or len(title) <= 2:
            value = metrics.horizontalAdvance(WIDEST_VALUE.get(title, title))
            title_width = header.fontMetrics().horizontalAdvance(title)
            header.resizeSection(column, max(value, title_width) + CELL_PADDING)
