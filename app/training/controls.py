"""Training's controls in the main window: the dock, the Train menu and toolbar button, the
Runs and Evaluation windows, and finishing the predictions a time limit left.

Kept here so ``main_window.py`` (shared with other work) needs one line: create this;
closing during a run is ``app/window/closing.py``'s. It makes the window's one
``TrainingSession`` and hands it to the Train panel and to the window's predictions cache,
which follow the run from its signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from app.support.background import run_in_background
from app.support.thread_starts import start_when_free
from app.training import active
from app.training.engine_loading import start_loading
from app.training.evaluation_view import EvaluationView
from app.training.runs_view import RunsView
from app.training.session import TrainingSession
from app.training.train_dock import TrainDock

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

DOCK_WIDTH = 300  # the editor keeps most of the window
VIEW_ROWS = 200  # more rows than any screen shows


class TrainingControls(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.project, self.bridge = window.project, window.bridge
        self.predictions = window.predictions
        self.session = TrainingSession(self.project, self)
        self.predictions.follow_training(self.session)
        self.dock = TrainDock(self.project, self.bridge, self.session, window)
        self.panel = self.dock.panel
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.runs_view: RunsView | None = None
        self.evaluation_view: EvaluationView | None = None
        self._actions()
        self._connect()
        window.installEventFilter(self)  # its first show starts loading the engine

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window's first show: load the engine in its own thread from then on, so that
        by the time Train is pressed its seconds of imports are done or under way
        (engine_loading.py); not when the device is already given (no torch wanted)."""
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            if not self.panel.device_text:
                QTimer.singleShot(0, lambda: start_when_free(start_loading))
        return False

    def _action(self, text: str, slot: Any, keys: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys})")
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _actions(self) -> None:
        self.train_action = self._action("&Train", self.train, "Ctrl+T")
        self.cancel_action = self._action("&Cancel training", self.panel.cancel)
        self.cancel_action.setEnabled(False)
        self.runs_action = self._action("&Runs…", self.show_runs)
        self.evaluation_action = self._action("&Evaluation…", self.show_evaluation)
        menu = self.window.menuBar().addMenu("&Train")
        menu.addActions([self.train_action, self.cancel_action])
        menu.addSeparator()
        menu.addActions([self.runs_action, self.evaluation_action, self.dock.toggleViewAction()])
        toolbar = self.window.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.train_action)

    def _connect(self) -> None:
        self.session.running_changed.connect(self._on_running_changed)
        self.session.run_finished.connect(self._on_run_finished)
        self.window.editor.annotations_changed.connect(lambda _doc: self._annotations_changed())

    # Actions -------------------------------------------------------------------------
    def train(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.start()

    def show_runs(self) -> None:
        self.runs_view = RunsView(self.project, self.bridge, self.window)
        self.runs_view.active_changed.connect(lambda _run: self._show_predictions_of_active())
        self.runs_view.runs_changed.connect(self._show_predictions_of_active)
        self.runs_view.show()

    def show_evaluation(self) -> None:
        self.evaluation_view = EvaluationView(
            self.project, self.bridge, active.shown_run(self.project), self.window
        )
        self.evaluation_view.open_document.connect(self._open_document)
        self.evaluation_view.show()
        self.evaluation_view.evaluate()

    def _open_document(self, document_id: int) -> None:
        self.window.panel.select_document(document_id)

    # Reacting to the run --------------------------------------------------------------
    def _on_running_changed(self, running: bool) -> None:
        self.train_action.setEnabled(not running)
        self.cancel_action.setEnabled(running)

    def _annotations_changed(self) -> None:
        if self.dock.isVisible() and not self.panel.is_running():
            self.panel.check_readiness()

    def _on_run_finished(self, run_id: int, _status: str) -> None:
        """Finish in the background the predictions the time limit left (open and visible
        documents first); the predictions cache switches to the kept model by itself, reading
        the stored ones in the background."""
        run = self.project.runs.get(run_id)
        if self.runs_view is not None and self.runs_view.isVisible():
            self.runs_view.reload()
        if run.model_dir and run.metrics.get("pending_predictions"):
            self._predict_pending(run_id)

    def _predict_pending(self, run_id: int) -> None:
        from ptcore.engine.runner import predict_pending

        project, first = self.project, self._documents_in_view()
        run_in_background(
            lambda _p: predict_pending(project, run_id, first),
            on_success=lambda _count: self.session.pending_predicted.emit(run_id),
            on_failure=lambda error: self.bridge.report(error, self.window),
        )

    def _documents_in_view(self) -> list[int]:
        """The open document, then the rows the document list shows."""
        panel = self.window.panel
        view, ids = panel.view, [panel.current_document()]
        if view.isVisible():
            top = max(0, view.rowAt(0))
            bottom = view.rowAt(view.viewport().height() - 1)
            last = min(panel.model.rowCount() - 1 if bottom < 0 else bottom, top + VIEW_ROWS)
            ids += [panel.model.document_id(row) for row in range(top, last + 1)]
        return [i for i in ids if i is not None]

    def _show_predictions_of_active(self) -> None:
        self.predictions.set_run(active.shown_run(self.project))
