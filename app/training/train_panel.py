"""The Train dock: one button that works with defaults, and a live view of the run.

Before training it checks the labeled data off the GUI thread and says why it cannot start.
While training it shows progress with an ETA, the loss and the dev metric on a chart, and
per-label scores of each evaluation. Cancel stops after the current step and keeps the best
model. Problems appear in the panel as readable text; bugs also go to the report dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.fit_view import with_docs_link
from app.support.background import run_in_background
from app.support.messages import MessageBridge
from app.training.chart import LineChart, Series
from app.training.run_result import ending, result_text, table_caption
from app.training.settings_form import SettingsForm
from app.training.tables import RowsModel, duration, headline, metric_rows
from app.training.worker import TrainingWorker, describe_device
from app.widgets.table_fit import fit_columns
from ptcore.engine.callbacks import EvalInfo, ProgressInfo
from ptcore.engine.examples import collect_examples
from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import ModelCannotRead, UserError
from ptcore.store.project import Project
from ptcore.store.views import RunStatus

DEVICE_DELAY_MS = 3000  # detect the device (imports torch) once the window is up, not before
LOSS, METRIC = "loss", "dev metric"
ERROR_STYLE = "color: #c62828;"


class TrainPanel(QWidget):
    run_started = Signal(int)
    evaluated = Signal(int)  # run id; its predictions are stored
    run_finished = Signal(int, str)  # run id, status
    running_changed = Signal(bool)

    def __init__(
        self, project: Project, bridge: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project, self.bridge = project, bridge
        self.task = project.task.value
        self.worker: TrainingWorker | None = None
        self.run_id: int | None = None
        self.threads: int | None = None  # training threads (None: all cores but one)
        self.device_text = ""
        self._build()
        self._device_timer = QTimer(self, singleShot=True, interval=DEVICE_DELAY_MS)
        self._device_timer.timeout.connect(self.detect_device)

    def _build(self) -> None:
        self.train_button = QPushButton("Train")
        self.train_button.setToolTip("Train a model on the labeled documents (Ctrl+T)")
        self.train_button.setDefault(True)
        # Labelling goes on while training: clicking Train must not take the keyboard away.
        self.train_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.anyway_button = QPushButton("Train anyway")
        self.anyway_button.setToolTip("Train although the base model cannot read this text")
        self.anyway_button.setVisible(False)
        self.device_label = QLabel("Device: not checked yet")
        self.status_label = QLabel("Press Train to learn from the labeled documents.")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.status_label.setOpenExternalLinks(True)  # docs/models.md in a refusal
        self.result_label = QLabel(objectName="runResult", wordWrap=True, visible=False)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table_caption = QLabel("Per-label scores appear after the first evaluation.")
        self.advanced_button = QToolButton(text="Advanced", checkable=True)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.form = SettingsForm(self.task)
        self.form.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setFormat("")
        self.progress.setTextVisible(True)
        self.chart = LineChart("step")
        self.chart.add_series(Series(LOSS, "#1e88e5", "left"))
        self.chart.add_series(Series(METRIC, "#e53935", "right", markers=True), (0.0, 1.0))
        self.metrics_model = RowsModel()
        self.metrics_view = QTableView()
        self.metrics_view.setModel(self.metrics_model)
        fit_columns(self.metrics_view, max_text_width=120)
        self.metrics_view.verticalHeader().hide()
        self._layout()
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.anyway_button.clicked.connect(lambda: self.start(force=True))
        self.advanced_button.toggled.connect(self._toggle_advanced)
        self.form.device_changed.connect(lambda _name: self.detect_device())

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.anyway_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        for widget in (
            self.device_label,
            self.result_label,
            self.status_label,
            self.advanced_button,
            self.form,
            self.progress,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.table_caption)
        layout.addWidget(self.metrics_view, 1)

    def _toggle_advanced(self, shown: bool) -> None:
        self.form.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.advanced_button.setArrowType(arrow)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.device_text and not self._device_timer.isActive():
            self._device_timer.start()

    # Device and readiness (off the GUI thread) -------------------------------------------
    def detect_device(self) -> None:
        self._device_timer.stop()
        name = self.form.device.currentText()
        self.device_label.setText("Device: checking…")
        run_in_background(
            lambda _p: describe_device(name),
            on_success=self._show_device,
            on_failure=lambda e: self._show_device(f"unavailable ({e})"),
        )

    def _show_device(self, text: str) -> None:
        self.device_text = text
        self.device_label.setText(f"Device: {text}")

    def check_readiness(self) -> None:
        """Say whether Train can start, and what it will train on, without training."""
        if self.is_running():
            return
        project, seed = self.project, self.form.seed.value()
        run_in_background(
            lambda _p: readiness(project, seed),
            on_success=self._show_status,
            on_failure=self._show_problem,
        )

    # Running -----------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.worker is not None

    def start(self, force: bool = False) -> None:
        if self.is_running():
            return
        try:
            settings = self.form.settings()
        except UserError as error:
            self._show_problem(error)
            return
        if not self.device_text:
            self.detect_device()
        self.run_id = None
        self.chart.clear()
        self.metrics_model.set_rows([], [])
        self.result_label.setVisible(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Loading the model…")
        self._show_status("Checking the labeled data and loading the model…")
        self.worker = TrainingWorker(self.project.path, settings, self.threads)
        self.worker.force = force
        self.worker.run_started.connect(self._on_run_started)
        self.worker.progress.connect(self._on_progress)
        self.worker.evaluated.connect(self._on_evaluated)
        self.worker.message.connect(self._show_status)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.thread_finished.connect(self._on_thread_finished)
        self._set_running(True)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self._show_status("Stopping after the current step; the best model is kept…")

    def stop_and_wait(self, msecs: int = 60_000) -> bool:
        """Cancel and block until the worker's thread ends (closing the window)."""
        if self.worker is None:
            return True
        self.worker.cancel()
        return self.worker.wait(msecs)

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.form.setEnabled(not running)
        self.running_changed.emit(running)

    def _on_run_started(self, run_id: int) -> None:
        self.run_id = run_id
        self.run_started.emit(run_id)

    def _on_progress(self, info: ProgressInfo) -> None:
        self.progress.setRange(0, max(1, info.total_steps))
        self.progress.setValue(info.step)
        self.progress.setFormat(progress_text(info))
        self.chart.add_point(LOSS, info.step, info.loss)

    def _on_evaluated(self, info: EvalInfo) -> None:
        value = headline(self.task, info.metrics)
        if value is not None:
            self.chart.add_point(METRIC, info.step, value)
        if info.metrics:
            self.metrics_model.set_rows(*metric_rows(info.metrics))
            self.table_caption.setText(table_caption(info.metrics, kept=False, step=info.step))
        best = " (best so far)" if info.is_best and info.metrics else ""
        self._show_status(
            f"Step {info.step}, epoch {info.epoch:.1f}: {summary(self.task, info.metrics)}{best}"
        )
        if self.run_id is not None:
            self.evaluated.emit(self.run_id)

    def _on_finished(self, run_id: int, status: str) -> None:
        """Say what ended the run and show the kept model's scores until the next run."""
        run = self.project.runs.get(run_id)
        self.progress.setFormat(ending(run).capitalize())
        self._show_result(
            result_text(run, summary(self.task, run.metrics)), problem=status == RunStatus.FAILED
        )
        if run.model_dir:
            scored = "per_label" in run.metrics or "exact_match" in run.metrics
            self.metrics_model.set_rows(*(metric_rows(run.metrics) if scored else ([], [])))
            self.table_caption.setText(table_caption(run.metrics, kept=True))
        self._show_status("")
        self.run_finished.emit(run_id, status)

    def _on_failed(self, error: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.progress.setFormat("Failed")
        prefix = "Training failed" if self.run_id is not None else "Cannot start"
        if self.run_id is not None:
            self._show_result(f"Run {self.run_id} failed: {error}", problem=True)
        elif isinstance(error, ModelCannotRead):
            self._show_problem(error)
        else:
            self._show_problem(f"{prefix}: {error}")
        if not isinstance(error, UserError):
            self.bridge.report(error, self.window())
        if self.run_id is not None:
            self.run_finished.emit(self.run_id, RunStatus.FAILED)

    def pending_predictions_done(self, run_id: int) -> None:
        """The predictions a time limit left are stored: say so in the result."""
        text = self.result_label.text()
        if run_id == self.run_id and "Predicting the" in text:
            self._show_result(text[: text.index(" Predicting the")] + " All predictions are shown.")

    def _show_result(self, text: str, problem: bool = False) -> None:
        self.result_label.setStyleSheet(ERROR_STYLE if problem else "font-weight: 600;")
        self.result_label.setText(text)
        self.result_label.setVisible(True)

    def _on_thread_finished(self) -> None:
        self.worker = None
        self._set_running(False)

    def _show_status(self, text: str) -> None:
        self.anyway_button.setVisible(False)
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _show_problem(self, problem: BaseException | str) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(str(problem))
        self.status_label.setVisible(True)
        self.anyway_button.setVisible(isinstance(problem, ModelCannotRead))
        if isinstance(problem, ModelCannotRead):
            self.status_label.setText(with_docs_link(str(problem)))


class TrainDock(QDockWidget):
    """The panel in a dock, so people can move or hide it; it scrolls on a short screen
    rather than make the window taller than the screen."""

    def __init__(
        self, project: Project, bridge: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__("Training", parent)
        self.setObjectName("trainingDock")
        self.panel = TrainPanel(project, bridge, self)
        scroller = QScrollArea(
            widgetResizable=True,
            frameShape=QFrame.Shape.NoFrame,
            focusPolicy=Qt.FocusPolicy.NoFocus,
        )  # keys stay with the editor
        scroller.setWidget(self.panel)
        self.setWidget(scroller)


def readiness(project: Project, seed: int) -> str:
    """What a run would train on, or a UserError saying why it cannot start."""
    data = collect_examples(project, seed)
    from ptcore.engine.fit_guard import ensure_model_reads  # imports transformers: not at start

    ensure_model_reads(project)
    text = f"Ready: {len(data.train)} training and {len(data.dev)} dev documents."
    return " ".join([text, *data.messages])


def progress_text(info: ProgressInfo) -> str:
    return (
        f"Step {info.step}/{info.total_steps} · epoch {info.epoch:.1f} · "
        f"loss {info.loss:.3f} · ETA {duration(info.eta_s)}"
    )


def summary(task: str, metrics: dict[str, Any]) -> str:
    return spec_for(task).summary(metrics)
