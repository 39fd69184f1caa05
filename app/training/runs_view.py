"""Every training run: its settings, exact training set, metrics per evaluation, duration and
device; a learning curve across runs; picking the active model; compare, export, delete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.support import folders
from app.support.background import run_in_background
from app.support.messages import MessageBridge
from app.training import active
from app.training.chart import LineChart, Series
from app.training.run_rows import (
    compare_rows,
    duration_text,
    learning_curve,
    run_row,
    training_set_lines,
)
from app.training.tables import RowsModel, headline, sortable
from app.widgets.screen_fit import resize_to_fit
from ptcore.errors import UserError
from ptcore.store.model_paths import remove_model_dir
from ptcore.store.project import Project
from ptcore.store.views import Run, RunStatus

HEADERS = ["Run", "Status", "Active", "Started", "Duration", "Device", "Train docs", "Dev score"]
CURVE = "dev score"


class RunsView(QDialog):
    active_changed = Signal(object)  # run id or None
    runs_changed = Signal()

    def __init__(
        self, project: Project, bridge: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Training runs")
        self.project, self.bridge = project, bridge
        self.task = project.task.value
        self.runs: dict[int, Run] = {}
        self.model = RowsModel(HEADERS, self)
        self.proxy = sortable(self.model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.details = QPlainTextEdit(readOnly=True)
        self.curve = LineChart("labeled training documents")
        self.curve.add_series(Series(CURVE, "#e53935", "right", markers=True), (0.0, 1.0))
        self.buttons = {
            name: QPushButton(text)
            for name, text in (
                ("active", "Use for predictions"),
                ("follow", "Follow newest run"),
                ("compare", "Compare two…"),
                ("export", "Export model…"),
                ("delete", "Delete…"),
            )
        }
        self._layout()
        self._connect()
        resize_to_fit(self, 1000, 640)
        self.reload()

    def _layout(self) -> None:
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.details)
        lower.addWidget(self.curve)
        lower.setSizes([520, 440])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(row)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.buttons["active"].clicked.connect(self.use_selected)
        self.buttons["follow"].clicked.connect(self.follow_newest)
        self.buttons["compare"].clicked.connect(self.compare_selected)
        self.buttons["export"].clicked.connect(self.export_selected)
        self.buttons["delete"].clicked.connect(self.delete_selected)

    # Contents ------------------------------------------------------------------------
    def reload(self) -> None:
        runs = self.project.runs.all()
        self.runs = {run.id: run for run in runs}
        current = active.active_run(self.project)
        rows = [run_row(run, self.task, run.id == current) for run in reversed(runs)]
        self.model.set_rows(HEADERS, rows, [run.id for run in reversed(runs)])
        self.curve.set_points(CURVE, learning_curve(runs, self.task))
        self._on_selection()

    def selected_ids(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.key(row) for row in sorted(rows)]

    def select_run(self, run_id: int) -> None:
        row = self.model.keys.index(run_id)
        self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _on_selection(self, *_args: object) -> None:
        ids = self.selected_ids()
        one = len(ids) == 1 and self.runs[ids[0]].status != RunStatus.RUNNING
        has_model = one and bool(self.runs[ids[0]].model_dir)
        self.buttons["active"].setEnabled(has_model)
        self.buttons["export"].setEnabled(has_model)
        self.buttons["delete"].setEnabled(one)
        self.buttons["compare"].setEnabled(len(ids) == 2)
        self.details.setPlainText(self.describe(ids[0]) if len(ids) == 1 else "")

    def describe(self, run_id: int) -> str:
        run = self.runs[run_id]
        lines = [
            f"Run {run.id}: {run.status}" + (f" — {run.error}" if run.error else ""),
            f"Device: {run.device}   Duration: {duration_text(run)}",
            *training_set_lines(run),
            "",
            "Evaluations (dev):",
        ]
        for metric in self.project.runs.metrics(run_id):
            score = headline(self.task, metric.values)
            shown = "—" if score is None else f"{score:.3f}"
            lines.append(f"  step {metric.step:>5}  epoch {metric.epoch:5.2f}  {shown}")
        lines += ["", "Settings:", json.dumps(run.settings, indent=2, sort_keys=True)]
        return "\n".join(lines)

    # Actions -------------------------------------------------------------------------
    def use_selected(self) -> None:
        [run_id] = self.selected_ids()
        active.set_active(self.project, run_id, pinned=True)
        self._after_active_change(run_id)

    def follow_newest(self) -> None:
        newest = self.project.runs.latest_finished()
        run_id = newest.id if newest else None
        active.set_active(self.project, run_id, pinned=False)
        self._after_active_change(run_id)

    def _after_active_change(self, run_id: int | None) -> None:
        selected = self.selected_ids()
        self.reload()
        for chosen in selected:
            self.select_run(chosen)
        self.active_changed.emit(run_id)

    def compare_selected(self) -> None:
        first, second = (self.runs[i] for i in self.selected_ids())
        self.compare = CompareDialog(first, second, self.task, self)
        self.compare.open()

    def export_selected(self) -> None:
        [run_id] = self.selected_ids()
        folder = folders.existing_folder(
            self, "Export the model into a folder", folders.MODEL_EXPORT
        )
        if folder:
            self.export_run(run_id, Path(folder))

    def export_run(self, run_id: int, folder: Path) -> None:
        target = Path(folder) / f"{self.project.location.name}-run-{run_id}"

        def copy(_progress: object) -> Path:
            source = self.project.model_folder(self.runs[run_id])
            if target.exists():
                raise UserError(f"{target} already exists; choose another folder.")
            return Path(shutil.copytree(source, target))

        run_in_background(
            copy,
            on_success=lambda path: self.bridge.info("Model exported", f"Copied to {path}", self),
            on_failure=lambda error: self.bridge.report(error, self),
            title="Exporting a model",
        )

    def delete_selected(self) -> None:
        [run_id] = self.selected_ids()
        answer = QMessageBox.question(
            self, "Delete run", f"Delete run {run_id}, its metrics, predictions and model files?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_run(run_id)

    def delete_run(self, run_id: int) -> None:
        """Forget the run, then remove its model folder off the GUI thread."""
        was_active = active.active_run(self.project) == run_id
        model_dir = self.project.runs.delete(run_id)
        if was_active:
            active.set_active(self.project, None, pinned=False)
        if model_dir:
            run_in_background(
                lambda _p: remove_model_dir(self.project.location, model_dir),
                on_success=self._report_kept,
                on_failure=lambda error: self.bridge.report(error, self),
            )
        self.reload()
        self.runs_changed.emit()
        if was_active:
            self.active_changed.emit(None)

    def _report_kept(self, note: str) -> None:
        """A model folder outside the project's models folder is left alone, and said so."""
        if note:
            self.bridge.report(UserError(note), self)


class CompareDialog(QDialog):
    """Two runs side by side: every setting and metric, differences marked."""

    def __init__(self, first: Run, second: Run, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Run {first.id} vs run {second.id}")
        self.model = RowsModel(parent=self)
        self.model.set_rows(
            ["", f"Run {first.id}", f"Run {second.id}", "Differs"],
            compare_rows(first, second, task),
        )
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.setShowGrid(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        resize_to_fit(self, 640, 560)
