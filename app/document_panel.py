"""The list pane: filter bar (status, label, split, search with debounce) over the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.document_list import DocumentListModel
from app.theme import icon
from ptcore.records import Split, Status
from ptcore.store.documents import DocumentFilter, DocumentStore

SEARCH_DEBOUNCE_MS = 250
ANY = "All"


class DocumentPanel(QWidget):
    current_changed = Signal(object)  # int | None

    def __init__(self, store: DocumentStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(store, self)
        self.status_box = _combo("Status", [s.value for s in Status])
        self.split_box = _combo("Split", [s.value for s in Split])
        self.label_box = _combo("Label", [])
        self.search = QLineEdit(placeholderText="Search text (Ctrl+F)", clearButtonEnabled=True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.view = _table(self.model)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for box in (self.status_box, self.split_box, self.label_box):
            filters.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

    def _connect(self) -> None:
        for box in (self.status_box, self.split_box, self.label_box):
            box.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self._debounce.timeout.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)

    # Filtering -------------------------------------------------------------------
    def current_filter(self) -> DocumentFilter:
        status, split, label = (box.currentData() for box in
                                (self.status_box, self.split_box, self.label_box))
        return DocumentFilter(status=Status(status) if status else None,
                              split=Split(split) if split else None,
                              label=label or None, search=self.search.text())

    def apply_filter(self) -> None:
        self._debounce.stop()
        where = self.current_filter()
        if where == self.model.filter and self.model.rowCount():
            return
        keep = self.current_document()
        self.model.set_filter(where)
        self.select_document(keep)

    def set_label_names(self, names: list[str]) -> None:
        current = self.label_box.currentData()
        self.label_box.blockSignals(True)
        _fill(self.label_box, "Label", names)
        index = self.label_box.findData(current)
        self.label_box.setCurrentIndex(max(index, 0))
        self.label_box.blockSignals(False)
        if index < 0 and current:
            self.apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload(self) -> None:
        keep = self.current_document()
        self.model.reload()
        self.select_document(keep)

    # Navigation ------------------------------------------------------------------
    def current_document(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.document_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            if self.model.rowCount() == 0:
                self.current_changed.emit(None)
            return
        index = self.model.index(row, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def select_document(self, document_id: int | None) -> None:
        row = self.model.row_of(document_id) if document_id is not None else None
        self.select_row(0 if row is None else row)

    def go_next(self) -> None:
        self.select_row(self.view.currentIndex().row() + 1)

    def go_previous(self) -> None:
        self.select_row(max(self.view.currentIndex().row() - 1, 0))

    def _on_current_row(self, current: object, _previous: object) -> None:
        row = current.row() if current.isValid() else -1  # type: ignore[attr-defined]
        self.current_changed.emit(self.model.document_id(row))


def _combo(title: str, values: list[str]) -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    _fill(box, title, values)
    return box


def _fill(box: QComboBox, title: str, values: list[str]) -> None:
    box.clear()
    box.setToolTip(f"Show only documents with this {title.lower()}")
    box.addItem(f"{title}: {ANY}", None)
    for value in values:
        box.addItem(value, value)


def _table(model: DocumentListModel) -> QTableView:
    view = QTableView()
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
    return view
