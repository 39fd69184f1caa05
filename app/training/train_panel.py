"""The Train dock: one button that works with defaults, and a live view of the run.

Before training it checks the labeled data off the GUI thread and says why it cannot start.
While training it shows progress with an ETA, the loss and the dev metric on a chart, and
per-label scores of each evaluation. Cancel stops after the current step and keeps the best
model. Problems appear in the panel as readable text; bugs also go to the report dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.fit_view import with_docs_link
from app.support.background import run_in_background
from app.support.messages import MessageBridge
from app.training.chart import LineChart, Series
from app.training.readiness import readiness
from app.training.run_result import ending, progress_text, result_text, summary, table_caption
from app.training.session import TrainingSession
from app.training.settings_form import SettingsForm
from app.training.tables import RowsModel, headline, metric_rows
from app.training.worker import describe_device, visible_gpus
from app.widgets.table_fit import fit_columns
from ptcore.engine.callbacks import EvalInfo, ProgressInfo
from ptcore.errors import ModelCannotRead, UserError
from ptcore.store.project import Project
from ptcore.store.views import RunStatus

DEVICE_DELAY_MS = 3000  # detect the device (needs torch) once the window is up, not before
LOSS, METRIC = "loss", "dev metric"
ERROR_STYLE = "color: #c62828;"


class TrainPanel(QWidget):
    """Shows what ``session`` does: its progress, evaluations and the end of each run."""

    def __init__(
        self,
        project: Project,
        bridge: MessageBridge,
        session: TrainingSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.bridge, self.session = project, bridge, session
        self.task = project.task.value
        self.device_text = ""
        self._build()
        self._follow(session)
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
        self.result_label = QLabel(objectName="runResult", wordWrap=True, visible=False)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table_caption = QLabel("Per-label scores appear after the first evaluation.")
        self.table_caption.setWordWrap(True)  # one long line widened the dock past the screen
        self.advanced_button = QToolButton(text="Advanced", checkable=True)  # type: ignore[call-arg]  # stubs lack Qt property keywords
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
        self.metrics_view.setShowGrid(False)
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

    def _follow(self, session: TrainingSession) -> None:
        session.progress.connect(self._on_progress)
        session.evaluated.connect(self._on_evaluated)
        session.message.connect(self._show_status)
        session.failed.connect(self._on_failed)
        session.run_finished.connect(self._on_finished)
        session.pending_predicted.connect(self._pending_predictions_done)
        session.running_changed.connect(self._set_running)

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
        name, processes = self.form.device_name(), self.form.processes()
        self.device_label.setText("Device: checking…")
        run_in_background(
            lambda _p: (describe_device(name, processes), visible_gpus()),
            on_success=self._show_device,
            on_failure=lambda e: self._show_device((f"unavailable ({e})", 0)),
        )

    def _show_device(self, found: tuple[str, int]) -> None:
        self.device_text, gpus = found
        self.device_label.setText(f"Device: {self.device_text}")
        self.form.offer_all_gpus(gpus)

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
        return self.session.is_running()

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
        self.chart.clear()
        self.metrics_model.set_rows([], [])
        self.result_label.setVisible(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Loading the model…")
        self._show_status("Checking the labeled data and loading the model…")
        self.session.start(settings, force, self.form.processes())

    def cancel(self) -> None:
        if self.is_running():
            self.session.cancel()
            self.cancel_button.setEnabled(False)
            self._show_status("Stopping after the current step; the best model is kept…")

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.form.setEnabled(not running)

    def _on_progress(self, info: ProgressInfo) -> None:
        self.progress.setRange(0, max(1, info.total_steps))
        self.progress.setValue(info.step)
        self.progress.setFormat(progress_text(info))
        self.chart.add_point(LOSS, info.step, info.loss)

    def _on_evaluated(self, _run_id: int, info: EvalInfo) -> None:
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

    def _on_finished(self, run_id: int, status: str) -> None:
        """Say what ended the run and show the kept model's scores until the next run."""
        if self.session.error is not None:
            return  # it raised: ``_on_failed`` said why
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

    def _on_failed(self, error: BaseException) -> None:
        run_id = self.session.run_id
        self.progress.setRange(0, 1)
        self.progress.setFormat("Failed")
        prefix = "Training failed" if run_id is not None else "Cannot start"
        if run_id is not None:
            self._show_result(f"Run {run_id} failed: {error}", problem=True)
        elif isinstance(error, ModelCannotRead):
            self._show_problem(error)
        else:
            self._show_problem(f"{prefix}: {error}")
        if not isinstance(error, UserError):
            self.bridge.report(error, self.window())

    def _pending_predictions_done(self, run_id: int) -> None:
        """The predictions a time limit left are stored: say so in the result."""
        text = self.result_label.text()
        if run_id == self.session.run_id and "Predicting the" in text:
            self._show_result(text[: text.index(" Predicting the")] + " All predictions are shown.")

    def _show_result(self, text: str, problem: bool = False) -> None:
        self.result_label.setStyleSheet(ERROR_STYLE if problem else "font-weight: 600;")
        self.result_label.setText(text)
        self.result_label.setVisible(True)

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
