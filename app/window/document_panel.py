"""The list pane: filter bar (status, label, split, search with debounce) over the table.

With a predictions hub attached, the table gains the model's columns and a model filter:
disagreements, low confidence, and unlabelled documents least sure first (active learning).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.widgets.theme import icon
from app.window.document_list import DocumentListModel
from app.window.document_table import (
    LABELS_COLUMN,
    TEXT_COLUMN,
    TEXT_MIN_WIDTH,
    TextColumnFitter,
    document_table,
    fit_short_columns,
)
from ptcore.records import Split, Status
from ptcore.store.documents import DocumentFilter, DocumentStore

SEARCH_DEBOUNCE_MS = 250
ANY = "All"
LOW_CONFIDENCE = 0.6
DISAGREES, LOW, UNCERTAIN = "disagrees", "low", "uncertain"
MODEL_FILTERS = (
    ("Model: All", None),
    ("Model disagrees with gold", DISAGREES),
    ("Model confidence below", LOW),
    ("Unlabeled, least sure first", UNCERTAIN),
)
COMPACT_LABELS_WIDTH = 90  # room for the model's columns


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
        self.view = document_table(self.model)
        self.model_box = _model_box()
        self.threshold = QDoubleSpinBox(  # type: ignore[call-arg]  # stubs lack Qt property keywords
            prefix="< ",
            decimals=2,
            minimum=0.05,
            maximum=1.0,
            singleStep=0.05,
            value=LOW_CONFIDENCE,
            enabled=False,
            toolTip="Show documents where the model is less sure than this",
        )
        self.hub = None  # the PredictionCache, once attached
        self._visited: set[int] = set()  # stay listed until the user changes the filter
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
        model_filters = QHBoxLayout()
        model_filters.addWidget(self.model_box, 1)
        model_filters.addWidget(self.threshold)
        self._model_row = QWidget()
        self._model_row.setLayout(model_filters)
        model_filters.setContentsMargins(0, 0, 0, 0)
        self._model_row.hide()
        layout.addWidget(self._model_row)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

    def _connect(self) -> None:
        for box in (self.status_box, self.split_box, self.label_box):
            box.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self._debounce.timeout.connect(self.apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model_box.currentIndexChanged.connect(self._on_model_filter)
        self.threshold.valueChanged.connect(self.apply_filter)

    # Predictions -----------------------------------------------------------------
    def attach_predictions(self, hub) -> None:  # type: ignore[no-untyped-def]
        """Show ``hub``'s predictions as columns and offer the model filters."""
        self.hub = hub
        self._prediction_columns = hub.columns()
        first = self.model.columnCount()
        self.model.insert_columns(first, self._prediction_columns)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)  # the text takes the room; the model's columns follow
        header.resizeSection(LABELS_COLUMN, COMPACT_LABELS_WIDTH)
        for offset, column in enumerate(self._prediction_columns):
            header.resizeSection(first + offset, column.width)
        fit_short_columns(self.view)
        self._text_fitter = TextColumnFitter(self.view)
        self.model.page_fetchers.append(hub.fetch)
        hub.changed.connect(self._on_predictions_changed)
        self._model_row.show()
        self._enable_model_filters()

    def _on_predictions_changed(self) -> None:
        self._enable_model_filters()
        where = self.current_filter()
        if where.reads_predictions:
            self._filter_now(where)  # the filter reads predictions: re-read the ids
        else:  # the same documents match: re-reading them and the editor stalled the window
            self.model.adopt_filter(where)
            self.model.repaint_columns(self._prediction_columns)

    def _enable_model_filters(self) -> None:
        run_id = self.hub.run_id if self.hub is not None else None
        self.model_box.setEnabled(run_id is not None)
        self.model_box.setToolTip(
            f"Filter by the predictions of run {run_id}"
            if run_id is not None
            else "Train a model to filter by its predictions"
        )

    def _on_model_filter(self) -> None:
        choice = self.model_box.currentData()
        self.threshold.setEnabled(choice == LOW)
        if choice == UNCERTAIN:  # active learning works through the unlabelled documents
            self.status_box.blockSignals(True)
            self.status_box.setCurrentIndex(self.status_box.findData(Status.UNLABELED.value))
            self.status_box.blockSignals(False)
        self.apply_filter()

    # Filtering -------------------------------------------------------------------
    def current_filter(self) -> DocumentFilter:
        status, split, label = (
            box.currentData() for box in (self.status_box, self.split_box, self.label_box)
        )
        choice = self.model_box.currentData() if self.hub is not None else None
        return DocumentFilter(
            status=Status(status) if status else None,
            split=Split(split) if split else None,
            label=label or None,
            search=self.search.text(),
            run_id=self.hub.run_id if self.hub is not None else None,
            disagrees=choice == DISAGREES,
            max_confidence=self.threshold.value() if choice == LOW else None,
            order="uncertainty" if choice == UNCERTAIN else "id",
        )

    def apply_filter(self) -> None:
        """The user chose a filter: from now on the list is exactly what matches it."""
        self._debounce.stop()
        where = self.current_filter()
        if where == self.model.filter and self.model.rowCount():
            return
        self._visited.clear()
        self._filter_now(where)

    def _filter_now(self, where: DocumentFilter) -> None:
        keep = self.current_document()
        self.model.set_filter(where, self._visited)
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

    def comfortable_width(self) -> int:
        """Wide enough for every column with the text at its minimum: nothing scrolls."""
        header = self.view.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(header.count()) if c != TEXT_COLUMN)
        chrome = self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth()
        return columns + TEXT_MIN_WIDTH + chrome + 4

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload(self) -> None:
        keep = self.current_document()
        self.model.reload(self._visited)
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
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def select_document(self, document_id: int | None) -> None:
        row = self.model.row_of(document_id) if document_id is not None else None
        self.select_row(0 if row is None else row)

    def open_document(self, document_id: int) -> None:
        """Show ``document_id``, also when the filter hides it: it is kept in the list."""
        if self.model.row_of(document_id) is None:
            self._visited.add(document_id)
            self.model.insert_kept(document_id, self.view.currentIndex().row() + 1)
        self.select_document(document_id)

    def go_next(self) -> None:
        self.select_row(self.view.currentIndex().row() + 1)

    def go_previous(self) -> None:
        self.select_row(max(self.view.currentIndex().row() - 1, 0))

    def _on_current_row(self, current: object, _previous: object) -> None:
        row = current.row() if current.isValid() else -1  # type: ignore[attr-defined]
        document_id = self.model.document_id(row)
        if document_id is not None:
            self._visited.add(document_id)
        self.current_changed.emit(document_id)


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


def _model_box() -> QComboBox:
    box = QComboBox()
    for text, value in MODEL_FILTERS:
        box.addItem(text, value)
    return box
