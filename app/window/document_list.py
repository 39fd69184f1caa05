"""The document list: a thin Qt model over filtered ids plus a paged cache of frozen rows.

Opening a project loads only the ids (cheap even for 100,000 documents). Row summaries
are fetched a page at a time when the view first asks for them, and dropped when a row
changes. Columns are a list of ``Column`` so later features (model confidence) can add
their own without touching the model.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.widgets.table_model import BatchedRolesTableModel
from app.widgets.theme import STATUS_COLORS
from ptcore.store.documents import DocumentFilter, DocumentStore
from ptcore.store.views import DocumentSummary

PAGE_SIZE = 200
SHOWN_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.UserRole,
    }
)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[DocumentSummary], str]
    color: Callable[[DocumentSummary], str | None] = lambda _summary: None
    width: int = 90
    tooltip: Callable[[DocumentSummary], str] | None = None


def _one_line(text: str) -> str:
    return " ".join(text.split())


DEFAULT_COLUMNS = (
    Column("Status", lambda s: s.status, lambda s: STATUS_COLORS.get(s.status), 80),
    Column("Split", lambda s: s.split, width=50),
    Column("Labels", lambda s: labels_text(s), width=140),
    Column("Text", lambda s: _one_line(s.preview), width=400),
)


class DocumentListModel(BatchedRolesTableModel):
    def __init__(self, store: DocumentStore, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._store = store
        self._filter = DocumentFilter()
        self._ids: list[int] = []
        self._cache: dict[int, DocumentSummary] = {}
        self._fetched_pages: set[int] = set()
        self.columns: list[Column] = list(DEFAULT_COLUMNS)
        # Called with each page's ids before it is shown (the predictions hub reads them).
        self.page_fetchers: list[Callable[[list[int]], None]] = []

    # Qt's side -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in SHOWN_ROLES:  # first: a repaint asks each cell for ~8 roles
            return None
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            summary = self.summary(index.row())
            if summary is None:
                return ""
            if role == Qt.ItemDataRole.ToolTipRole and column.title == "Text":
                return summary.preview
            if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
                return column.tooltip(summary)
            return column.text(summary)
        if role == Qt.ItemDataRole.ForegroundRole:
            summary = self.summary(index.row())
            color = summary and column.color(summary)
            return QColor(color) if color else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if section < len(self.columns) else None
        return str(section + 1)

    # The app's side --------------------------------------------------------------
    @property
    def filter(self) -> DocumentFilter:
        return self._filter

    def insert_columns(self, position: int, columns: list[Column]) -> None:
        self.beginInsertColumns(QModelIndex(), position, position + len(columns) - 1)
        self.columns[position:position] = columns
        self.endInsertColumns()

    def repaint_columns(self, columns: list[Column]) -> None:
        """Their values changed for every row (new predictions): repaint, re-read nothing."""
        positions = [i for i, column in enumerate(self.columns) if column in columns]
        if positions and self._ids:
            self._fetched_pages.clear()
            self.dataChanged.emit(
                self.index(0, min(positions)), self.index(len(self._ids) - 1, max(positions))
            )

    def set_filter(self, where: DocumentFilter, keep: Collection[int] = ()) -> None:
        self._filter = where
        self.reload(keep)

    def adopt_filter(self, where: DocumentFilter) -> None:
        """Take ``where`` as the filter without re-reading: it matches the same ids (only the
        run whose predictions the model columns show changed)."""
        self._filter = where

    def reload(self, keep: Collection[int] = ()) -> None:
        """Re-read the ids for the current filter (after an import, a label change). Ids in
        ``keep`` that no longer match stay where they were (see ``with_kept``)."""
        self.beginResetModel()
        self._ids = with_kept(self._store.ids(self._filter), self._ids, keep)
        self._cache.clear()
        self._fetched_pages.clear()
        self.endResetModel()

    def insert_kept(self, document_id: int, row: int) -> None:
        """Show one document the filter does not match (it stays until the filter changes)."""
        row = max(0, min(row, len(self._ids)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, document_id)
        self._fetched_pages.clear()
        self.endInsertRows()

    def document_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, document_id: int) -> int | None:
        try:
            return self._ids.index(document_id)
        except ValueError:
            return None

    def summary(self, row: int) -> DocumentSummary | None:
        document_id = self._ids[row]
        if document_id not in self._cache or row // PAGE_SIZE not in self._fetched_pages:
            self._fetch_page(row // PAGE_SIZE)
        return self._cache.get(document_id)

    def refresh_document(self, document_id: int) -> None:
        """Drop one cached row and repaint it (its annotations or status changed)."""
        self._cache.pop(document_id, None)
        row = self.row_of(document_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def _fetch_page(self, page: int) -> None:
        ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        wanted = [i for i in ids if i not in self._cache]
        if wanted:  # a repaint of the model columns reads no rows
            for summary in self._store.summaries(wanted):
                self._cache[summary.id] = summary
        if page not in self._fetched_pages:
            self._fetched_pages.add(page)
            for fetch in self.page_fetchers:
                fetch(ids)


def labels_text(summary: DocumentSummary) -> str:
    """The labels; for a QA context, how many of its questions are answered ("2/3 answered")."""
    if summary.questions_total:
        return f"{summary.questions_answered}/{summary.questions_total} answered"
    return ", ".join(summary.labels)


def with_kept(new: list[int], old: list[int], keep: Collection[int]) -> list[int]:
    """``new``, plus the ids of ``keep`` that were in ``old`` but no longer match, each put
    back after the id it followed in ``old``: the document you just labelled stays in the
    "unlabeled" list, so Ctrl+Up still returns to it, until you change the filter."""
    present = set(new)
    missing = [i for i in old if i in keep and i not in present]
    if not missing:
        return new
    result = list(new)
    for document_id in missing:
        before = old[: old.index(document_id)]
        anchor = next((i for i in reversed(before) if i in present), None)
        result.insert(result.index(anchor) + 1 if anchor is not None else 0, document_id)
        present.add(document_id)
    return result
