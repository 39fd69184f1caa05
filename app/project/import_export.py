"""Import and export dialogs: choose a file and format, preview the first records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.project import formats
from app.support import folders
from app.widgets.screen_fit import resize_to_fit
from app.widgets.theme import as_hint
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Split
from ptcore.store.duplicates import Dedupe

PREVIEW_TEXT_CHARS = 120
FILE_FILTER = "Data files (*.jsonl *.json *.txt *.ann *.conll *.tsv *.csv);;All files (*)"
PREFERRED_EXPORT = {"ner": ("ner-jsonl", ".jsonl"), "qa": ("squad", ".json")}


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    format: str
    split: Split | None = None
    add_labels: bool = True
    dedupe: Dedupe = Dedupe.EXACT


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    format: str
    split: Split | None = None
    labeled_only: bool = False


class ImportFileWidget(QWidget):
    """File + format + preview of the first records; ``valid`` once a preview worked."""

    changed = Signal()

    def __init__(self, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.valid = False
        self.path_edit = QLineEdit(placeholderText="Choose a file to import")
        self.browse = QPushButton("Browse…")
        self.format_box = QComboBox()
        self.format_box.addItem("Detect from the file", formats.AUTO)
        for name, description in formats.format_choices(task):
            self.format_box.addItem(f"{name} — {description}", name)
        self.problem = as_hint(QLabel(wordWrap=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.preview = QTableWidget(0, 2)
        self.preview.setHorizontalHeaderLabels(["Text", "Annotations"])
        self.preview.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().hide()
        self.preview.setShowGrid(False)
        self._layout()
        self.path_edit.editingFinished.connect(self.refresh)
        self.format_box.currentIndexChanged.connect(self.refresh)
        self.browse.clicked.connect(self._choose)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("Format:", self.format_box)
        form.addRow(self.problem)
        form.addRow(self.preview)

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def format(self) -> str:
        return str(self.format_box.currentData() or "")

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.refresh()

    def refresh(self) -> None:
        """Read the first records now, so a wrong file or format shows before importing."""
        path, self.valid = self.path(), False
        self.preview.setRowCount(0)
        if path is None:
            self.problem.setText("")
        else:
            try:
                self._show_preview(formats.preview_records(path, self.task, self.format()))
                self.valid = True
                detected = self.format() or formats.explain(path, self.task)
                self.problem.setText(f"Format: {detected or 'detected'}. First records:")
            except (UserError, OSError) as error:
                self.problem.setText(f"⚠ {error}")
        self.changed.emit()

    def _show_preview(self, records: list[DocumentRecord]) -> None:
        self.preview.setRowCount(len(records))
        for row, record in enumerate(records):
            for column, text in enumerate(
                (record.text[:PREVIEW_TEXT_CHARS], formats.describe_annotations(record))
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the full text where the column elides it
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnToContents(1)  # the annotations, up to half the table
        half = self.preview.viewport().width() // 2
        self.preview.setColumnWidth(1, min(self.preview.columnWidth(1), max(half, 160)))

    def _choose(self) -> None:
        name = folders.open_file(self, "Import documents", folders.IMPORT, FILE_FILTER)
        if name:
            self.set_path(Path(name))


class ImportDialog(QDialog):
    def __init__(self, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import documents")
        self.file = ImportFileWidget(task)
        self.split_box = _split_box("Assign automatically (or from the file)")
        self.add_labels = QCheckBox("Add labels found in the file to the project", checked=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.dedupe_box = _dedupe_box()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        layout = QVBoxLayout(self)
        layout.addWidget(self.file)
        form = QFormLayout()
        form.addRow("Split:", self.split_box)
        form.addRow("Skip duplicates:", self.dedupe_box)
        form.addRow(self.add_labels)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.file.changed.connect(self._update_ok)
        self._update_ok()
        resize_to_fit(self, 720, 480)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.file.valid)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the file box shows the preview; importing takes the Import button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.file.refresh()
            return
        super().keyPressEvent(event)

    def request(self) -> ImportRequest:
        path = self.file.path()
        assert path is not None
        return ImportRequest(
            path,
            self.file.format(),
            self.split_box.currentData(),
            self.add_labels.isChecked(),
            self.dedupe_box.currentData(),
        )


class ExportDialog(QDialog):
    def __init__(self, task: str, default_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export documents")
        preferred, suffix = PREFERRED_EXPORT.get(task, ("jsonl", ".jsonl"))
        self.path_edit = QLineEdit(str(Path(default_folder) / f"export{suffix}"))
        self.format_box = QComboBox()
        for name, description in formats.format_choices(task, writing=True):
            self.format_box.addItem(f"{name} — {description}", name)
        self.format_box.setCurrentIndex(max(self.format_box.findData(preferred), 0))
        self.split_box = _split_box("All splits")
        self.labeled_only = QCheckBox("Only labeled documents")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("Format:", self.format_box)
        form.addRow("Split:", self.split_box)
        form.addRow(self.labeled_only)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        resize_to_fit(self, 560, 200)

    def request(self) -> ExportRequest:
        return ExportRequest(
            Path(self.path_edit.text().strip()).expanduser(),
            str(self.format_box.currentData() or ""),
            self.split_box.currentData(),
            self.labeled_only.isChecked(),
        )

    def _choose(self) -> None:
        name = folders.save_file(self, "Export to", folders.EXPORT, self.path_edit.text())
        if name:
            self.path_edit.setText(name)


def _split_box(automatic: str) -> QComboBox:
    box = QComboBox()
    box.addItem(automatic, None)
    for split in Split:
        box.addItem(split.value, split)
    return box


def _dedupe_box() -> QComboBox:
    box = QComboBox()
    box.addItem("Same text and annotations as stored (a re-import)", Dedupe.EXACT)
    box.addItem("Same text as stored or earlier in the file", Dedupe.TEXT)
    box.addItem("None: keep every document", Dedupe.NONE)
    return box
