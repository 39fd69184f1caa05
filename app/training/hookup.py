"""Wires training into the main window: the dock, the Train menu, predictions, closing.

Kept here so ``main_window.py`` (shared with other work) needs three lines: create this,
and ask it before closing. The prediction layer (``window.predictions``, if present) hears
of every evaluation and of the run to show when training ends.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QToolBar

from app.training import active
from app.training.evaluation_view import EvaluationView
from app.training.runs_view import RunsView
from app.training.train_panel import TrainDock

STOP_WAIT_MS = 60_000
DOCK_WIDTH = 300  # the editor keeps most of the window


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
        self.evaluation_view = EvaluationView(self.project, self.bridge,
                                              active.shown_run(self.project), self.window)
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
        if status == "finished":
            active.follow_new_run(self.project, run_id)
        self._show_predictions_of_active()
        if self.runs_view is not None and self.runs_view.isVisible():
            self.runs_view.reload()

    def _show_predictions_of_active(self) -> None:
        hub = self._hub()
        if hub is not None:
            hub.set_run(active.shown_run(self.project))

    def _hub(self) -> Any:
        return getattr(self.window, "predictions", None)

    # Closing ---------------------------------------------------------------------------
    def close_allowed(self) -> bool:
        """Ask before closing during training; if yes, stop it cleanly (cancel and wait)."""
        if not self.panel.is_running():
            return True
        answer = QMessageBox.question(self.window, "Training is running",
                                      "Training is running. Stop it and close?")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.panel.stop_and_wait(STOP_WAIT_MS)
        return True
