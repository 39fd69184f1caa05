"""How the chosen run's model does on one split: per-label scores, a confusion matrix for
classification, and the errors sortable by confidence and loss; a click opens the document.
NER errors name each entity by its text and type, with its offsets in the tooltip.

The model runs off the GUI thread (``run_in_background``), through ptcore's evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.support.background import run_in_background
from app.support.messages import MessageBridge
from app.training.run_result import summary
from app.training.tables import RowsModel, Tipped, metric_rows, sortable
from app.widgets.screen_fit import resize_to_fit
from app.widgets.table_fit import fit_columns
from ptcore.engine.tasks.registry import spec_for
from ptcore.engine.tasks.spec import ItemPrediction, TaskSpec
from ptcore.errors import UserError
from ptcore.records import DocumentRecord
from ptcore.store.project import Project

SPLITS = ("dev", "test", "train")
ERROR_HEADERS = ["Document", "Gold", "Predicted", "Confidence", "Loss", "Text"]
TEXT_PREVIEW = 80
MAX_COLUMN_WIDTH = 360


@dataclass
class EvaluationResult:
    metrics: dict[str, Any]
    errors: list[tuple[Any, ...]]  # rows under ERROR_HEADERS


class EvaluationView(QDialog):
    open_document = Signal(int)
    evaluated = Signal()

    def __init__(
        self,
        project: Project,
        bridge: MessageBridge,
        run_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evaluation")
        self.project, self.bridge, self.task = project, bridge, project.task.value
        self.evaluation: EvaluationResult | None = None
        self.run_box, self.split_box = QComboBox(), QComboBox()
        self.split_box.addItems(SPLITS)
        self.evaluate_button = QPushButton("Evaluate")
        self.summary = QLabel("Choose a run and a split.")
        self.metrics_model, self.matrix_model = RowsModel(parent=self), RowsModel(parent=self)
        self.errors_model = RowsModel(ERROR_HEADERS, self)
        self.errors_proxy = sortable(self.errors_model, self)
        self.metrics_view, self.matrix_view = _table(self.metrics_model), _table(self.matrix_model)
        self.errors_view = _table(self.errors_proxy)
        self.errors_view.setSortingEnabled(True)
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self._layout()
        self.evaluate_button.clicked.connect(self.evaluate)
        self.errors_view.clicked.connect(self._on_error_clicked)
        self.errors_view.activated.connect(self._on_error_clicked)
        self._fill_runs(run_id)
        resize_to_fit(self, 1000, 680)

    def _layout(self) -> None:
        top = QHBoxLayout()
        for widget in (
            QLabel("Run"),
            self.run_box,
            QLabel("Split"),
            self.split_box,
            self.evaluate_button,
        ):
            top.addWidget(widget)
        top.addStretch(1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.metrics_view)
        upper.addWidget(self.matrix_view)
        self.matrix_view.setVisible(False)  # until an evaluation brings a confusion matrix
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.errors_view)
        split.setSizes([240, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def _fill_runs(self, chosen: int | None) -> None:
        runs = [run for run in reversed(self.project.runs.all()) if run.model_dir]
        for run in runs:
            self.run_box.addItem(f"Run {run.id} ({run.status})", run.id)
        if chosen is not None and (index := self.run_box.findData(chosen)) >= 0:
            self.run_box.setCurrentIndex(index)
        self.evaluate_button.setEnabled(bool(runs))
        if not runs:
            self.summary.setText("No run has a saved model yet; train one first.")

    def evaluate(self) -> None:
        run_id, split = self.run_box.currentData(), self.split_box.currentText()
        if run_id is None:
            return
        self.evaluate_button.setEnabled(False)
        self.summary.setText(f"Evaluating run {run_id} on {split}…")
        project = self.project
        run_in_background(
            lambda _p: evaluation_result(project, run_id, split),
            on_success=self._show,
            on_failure=self._failed,
            title="Evaluating",
        )

    def _show(self, result: EvaluationResult) -> None:
        self.evaluation = result
        self.evaluate_button.setEnabled(True)
        metrics = result.metrics
        self.summary.setText(
            f"Run {metrics['run']} on {metrics['split']}: "
            f"<b>{summary(self.task, metrics)}</b> · "
            f"{metrics['documents']} documents, {len(result.errors)} errors."
        )
        self.metrics_model.set_rows(*metric_rows(metrics))
        if "confusion_matrix" in metrics:
            self.matrix_model.set_rows(*matrix_rows(metrics["confusion_matrix"]))
        self.matrix_view.setVisible("confusion_matrix" in metrics)
        self.errors_model.set_rows(ERROR_HEADERS, result.errors, [r[0] for r in result.errors])
        self.errors_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # confident errors first
        self._fit_error_columns()
        self.evaluated.emit()

    def _fit_error_columns(self) -> None:
        """Gold and Predicted as wide as their text (up to a limit; the tooltip has it all);
        Loss only where the evaluation gave one."""
        view, loss = self.errors_view, ERROR_HEADERS.index("Loss")
        for column in range(len(ERROR_HEADERS) - 1):
            view.resizeColumnToContents(column)
            view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN_WIDTH))
        errors = self.evaluation.errors if self.evaluation else []
        view.setColumnHidden(loss, all(row[loss] is None for row in errors))

    def _failed(self, error: BaseException) -> None:
        self.evaluate_button.setEnabled(True)
        if isinstance(error, UserError):
            self.summary.setText(str(error))
        else:
            self.bridge.report(error, self)

    def _on_error_clicked(self, index: QModelIndex) -> None:
        row = self.errors_proxy.mapToSource(index).row()
        self.open_document.emit(int(self.errors_model.key(row)))


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fit_columns(view, text_columns=None)
    return view


def matrix_rows(confusion: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Gold labels down, predictions across."""
    labels = confusion["labels"]
    headers = ["gold \\ predicted", *labels]
    return headers, [(label, *row) for label, row in zip(labels, confusion["matrix"], strict=True)]


def evaluation_result(project: Project, run_id: int, split: str) -> EvaluationResult:
    """Metrics and the mispredicted items (runs the model: call off the GUI thread)."""
    from ptcore.engine.runner import evaluate_documents

    spec = spec_for(project.task)
    evaluation = evaluate_documents(project, run_id, split, True)  # with each item's loss
    errors = []
    pairs = zip(evaluation.records, evaluation.items, strict=True)
    for position, (record, items) in enumerate(pairs):
        for item in items:
            if spec.disagrees(record, item.payload, item.question_index):
                loss = evaluation.losses.get((position, item.question_index))
                errors.append(error_row(spec, record, item, loss))
    return EvaluationResult(evaluation.metrics, errors)


def error_row(
    spec: TaskSpec[Any], record: DocumentRecord, item: ItemPrediction, loss: float | None = None
) -> tuple[Any, ...]:
    """Document, gold, prediction, confidence, loss and text of one mispredicted item; the
    loss from the predicted probabilities where the spec has them (classification), else
    the model's loss on the item (NER, QA)."""
    probability_loss = spec.loss(record, item.payload)
    question = item.question_index
    gold, predicted = spec.error_cells(record, item.payload, question)
    text = record.text if question is None else f"{record.questions[question].text} — {record.text}"
    preview = text[:TEXT_PREVIEW] + ("…" if len(text) > TEXT_PREVIEW else "")
    return (
        record.line,
        Tipped(*gold),
        Tipped(*predicted),
        item.confidence,
        loss if probability_loss is None else probability_loss,
        Tipped(preview, text),
    )
