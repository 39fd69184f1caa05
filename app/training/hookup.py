"""Wires training into the main window: the dock, the Train menu, predictions.

Kept here so ``main_window.py`` (shared with other work) needs one line: create this;
closing during a run is ``app/window/closing.py``'s. The prediction layer (``window.predictions``,
if present) hears of every evaluation and of the run to show when training ends.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from app.support.background import run_in_background
from app.training import active
from app.training.evaluation_view import EvaluationView
from app.training.runs_view import RunsView
from app.training.train_panel import TrainDock

DOCK_WIDTH = 300  # the editor keeps most of the window
VIEW_ROWS = 200  # more rows than any screen shows


class TrainingHookup(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window: Any = window
        self.project, self.bridge = window.project, window.bridge
        self.dock = TrainDock(self.project, self.bridge, window)
        self.panel = self.dock.panel
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.runs_view: RunsView | None = None
        self.evaluation_view: EvaluationView | None = None
        self._actions()
        self._connect()

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
        self.panel.running_changed.connect(self._on_running_changed)
        self.panel.evaluated.connect(self._on_evaluated)
        self.panel.run_finished.connect(self._on_run_finished)
        editor = getattr(self.window, "editor", None)
        if editor is not None and hasattr(editor, "annotations_changed"):
            editor.annotations_changed.connect(lambda _doc: self._annotations_changed())

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
        panel = getattr(self.window, "panel", None)
        if panel is not None:
            panel.select_document(document_id)

    # Reacting to the run --------------------------------------------------------------
    def _on_running_changed(self, running: bool) -> None:
        self.train_action.setEnabled(not running)
        self.cancel_action.setEnabled(running)

    def _annotations_changed(self) -> None:
        if self.dock.isVisible() and not self.panel.is_running():
            self.panel.check_readiness()

    def _on_evaluated(self, run_id: int) -> None:
        """Live suggestions: the running model's predictions are stored at each evaluation."""
        hub = self._hub()
        if hub is None:
            return
        if active.is_pinned(self.project):
            hub.refresh()
        else:
            hub.set_run(run_id)

    def _on_run_finished(self, run_id: int, status: str) -> None:
        """Show the kept model's predictions at once, also after Cancel or a time limit, and
        finish in the background those the time limit left (open and visible ones first)."""
        run = self.project.runs.get(run_id)
        if run.model_dir:
            active.follow_new_run(self.project, run_id)
        self._show_predictions_of_active()
        if self.runs_view is not None and self.runs_view.isVisible():
            self.runs_view.reload()
        if run.model_dir and run.metrics.get("pending_predictions"):
            self._predict_pending(run_id)

    def _predict_pending(self, run_id: int) -> None:
        from ptcore.engine.runner import predict_pending

        project, first = self.project, self._documents_in_view()
        run_in_background(
            lambda _p: predict_pending(project, run_id, first),
            on_success=lambda _count: self._pending_done(run_id),
            on_failure=lambda error: self.bridge.report(error, self.window),
        )

    def _pending_done(self, run_id: int) -> None:
        self.panel.pending_predictions_done(run_id)
        hub = self._hub()
        if hub is not None and hub.run_id == run_id:
            hub.refresh()

    def _documents_in_view(self) -> list[int]:
        """The open document, then the rows the document list shows."""
        panel = getattr(self.window, "panel", None)
        if panel is None:
            return []
        view, ids = panel.view, [panel.current_document()]
        if view.isVisible():
            top = max(0, view.rowAt(0))
            bottom = view.rowAt(view.viewport().height() - 1)
            last = min(panel.model.rowCount() - 1 if bottom < 0 else bottom, top + VIEW_ROWS)
            ids += [panel.model.document_id(row) for row in range(top, last + 1)]
        return [i for i in ids if i is not None]

    def _show_predictions_of_active(self) -> None:
        hub = self._hub()
        if hub is not None:
            hub.set_run(active.shown_run(self.project))

    def _hub(self) -> Any:
        return getattr(self.window, "predictions", None)
