"""Project ▸ Base model: the registered model folders side by side, with the fit check on this
project's text; add a folder (verified on the spot), switch the project's model, remove.

Describing a folder loads its tokenizer and hashes its files, so every row is computed in the
background; the table fills in when they are ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.fit_view import VERDICT_COLOURS, with_docs_link
from app.models.model_registry import register_model, registered_models, unregister_model
from app.support import folders
from app.support.background import run_in_background
from app.widgets.theme import as_hint
from ptcore.errors import UserError
from ptcore.store.project import Project

if TYPE_CHECKING:
    from ptcore.engine.fit_check import ModelFit
    from ptcore.engine.model_info import ModelInfo

COLUMNS = (
    "",
    "Model",
    "Architecture",
    "Parameters",
    "Layers",
    "Hidden size",
    "Vocabulary",
    "On disk",
    "Unknown tokens",
    "Characters lost",
    "Verdict on this project",
)
DEFAULT = ""  # the embedded model's entry in the list


@dataclass(frozen=True)
class ModelRow:
    folder: str  # "" for the embedded default
    info: ModelInfo | None = None
    fit: ModelFit | None = None
    problem: str = ""


def describe_row(project: Project, folder: str) -> ModelRow:
    """Everything the table shows about ``folder`` (background: loads the tokenizer)."""
    from ptcore.engine.fit_guard import check_project
    from ptcore.engine.model_info import describe_model

    try:
        info = describe_model(folder or None)
        fit = check_project(project, info.path) if project.documents.count() else None
    except UserError as error:
        return ModelRow(folder, problem=str(error))
    return ModelRow(folder, info, fit)


def cells(row: ModelRow, current: bool) -> list[str]:
    """The table's texts for one row."""
    from ptcore.engine.fit_guard import model_name, percent

    name = model_name(row.info.path if row.info else row.folder)
    mark = "✓" if current else ""
    if row.info is None:
        return [mark, name, "", "", "", "", "", "", "", "", row.problem or "checking…"]
    i, fit = row.info, row.fit
    facts = [
        i.architecture,
        f"{i.parameters / 1e6:.1f} M",
        str(i.layers),
        str(i.hidden_size),
        f"{i.vocab_size:,}",
        f"{i.disk_bytes / 2**20:.0f} MB",
    ]
    if fit is None:
        return [mark, name, *facts, "", "", "no documents yet"]
    return [
        mark,
        name,
        *facts,
        percent(fit.unknown_token_share),
        percent(fit.unknown_character_share),
        fit.verdict,
    ]


class ModelManager(QDialog):
    model_changed = Signal(str)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Base model")
        self.project = project
        self.rows: list[ModelRow] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.status = as_hint(QLabel(wordWrap=True, openExternalLinks=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.add_button = QPushButton("Add folder…")
        self.use_button = QPushButton("Use for this project")
        self.remove_button = QPushButton("Remove")
        self._layout()
        self.add_button.clicked.connect(self._choose_folder)
        self.use_button.clicked.connect(self.use_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()
        self.resize(1100, 360)

    def _layout(self) -> None:
        intro = QLabel(
            with_docs_link(
                "Local Hugging Face model folders you registered, and how well each reads this "
                "project's text. Which model for which language: docs/models.md"
            ),
            wordWrap=True,
            openExternalLinks=True,
        )
        buttons = QHBoxLayout()
        for button in (self.add_button, self.use_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def current_folder(self) -> str:
        return self.project.info().base_model

    def reload(self) -> None:
        """List the embedded model, the registered folders and the project's own, then
        describe each in the background."""
        folders = [DEFAULT, *registered_models()]
        if self.current_folder() not in folders:
            folders.append(self.current_folder())
        self.rows = [ModelRow(folder) for folder in folders]
        self._fill()
        for folder in folders:
            self._describe(folder)

    def _describe(self, folder: str) -> None:
        project = self.project
        run_in_background(lambda _p: describe_row(project, folder), on_success=self._described)

    def _described(self, row: ModelRow) -> None:
        self.rows = [row if r.folder == row.folder else r for r in self.rows]
        self._fill()

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.rows))
        current = self.current_folder()
        for index, row in enumerate(self.rows):
            for column, text in enumerate(cells(row, row.folder == current)):
                item = QTableWidgetItem(text)
                item.setToolTip(row.info.path if row.info else row.folder or row.problem)
                self.table.setItem(index, column, item)
            verdict = self.table.item(index, len(COLUMNS) - 1)
            if row.fit is not None and verdict is not None:
                verdict.setForeground(QColor(VERDICT_COLOURS[row.fit.verdict]))
        if selected is not None:
            self.select(selected.folder)
        self._update_buttons()

    def selected(self) -> ModelRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, folder: str) -> None:
        folders = [row.folder for row in self.rows]
        if folder in folders:
            self.table.selectRow(folders.index(folder))

    def _update_buttons(self) -> None:
        row = self.selected()
        self.use_button.setEnabled(bool(row and row.info and row.folder != self.current_folder()))
        self.remove_button.setEnabled(bool(row and row.folder in registered_models()))

    # Actions ---------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = folders.existing_folder(
            self, "Model folder (config.json + tokenizer)", folders.MODEL
        )
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        """Verify ``folder`` in the background; register and list it when it is usable."""
        self.status.setText(f"Checking {folder}…")
        project = self.project
        run_in_background(lambda _p: describe_row(project, folder), on_success=self._added)

    def _added(self, row: ModelRow) -> None:
        info = row.info
        if info is None:
            self.status.setText(f"⚠ Not added: {row.problem}")
            return
        register_model(info.path)
        row = ModelRow(info.path, info, row.fit)
        self.rows = [r for r in self.rows if r.folder != row.folder] + [row]
        self.status.setText(f"Added {info.path}.")
        self._fill()
        self.select(row.folder)

    def use_selected(self) -> None:
        """Make the selected model the project's, after saying what happens to trained runs."""
        from ptcore.engine.model_info import runs_on_other_models

        row = self.selected()
        if row is None or row.info is None:
            return
        others = runs_on_other_models(self.project, row.info.fingerprint)
        if (
            others
            and QMessageBox.question(
                self,
                "Switch the base model",
                f"Runs {', '.join(map(str, others))} were trained on another base model. They keep "
                "their predictions and load only on that model (its folder must stay where it is); "
                "new runs train on the new one. Switch?",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.project.update_info(base_model=row.folder)
        self.status.setText(f"This project now uses {cells(row, True)[1]}.")
        self.model_changed.emit(row.folder)
        self._fill()

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or row.folder not in registered_models():
            return
        unregister_model(row.folder)
        if row.folder != self.current_folder():
            self.rows = [r for r in self.rows if r.folder != row.folder]
        self.status.setText(f"Removed {row.folder} from the list (the folder is untouched).")
        self._fill()
