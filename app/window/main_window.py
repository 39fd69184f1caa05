"""The project window: document list, the task's editor (with its label buttons), status bar,
menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from app.editors import editor_for_task
from app.models.fit_view import show_fit_warning
from app.models.model_manager import ModelManager
from app.project import transfer
from app.project.import_export import ExportDialog, ImportDialog, ImportRequest
from app.project.import_report import ImportReports
from app.project.project_settings import ProjectSettingsDialog
from app.support import folders, logs
from app.support.background import BackgroundJob
from app.support.messages import MessageBridge
from app.support.settings import AppSettings
from app.team.agreement_view import AgreementView
from app.team.controls import TeamControls
from app.training.controls import TrainingControls
from app.widgets import theme
from app.window import closing
from app.window.document_panel import DocumentPanel
from app.window.keys import KeyRouter
from app.window.predictions import PredictionCache, connect_predictions
from app.window.status_bar import ProjectStatusBar
from app.window.undo_toolbar import toolbar_undo_actions
from app.window.window_memory import WindowMemory
from ptcore.store.project import Project

STATS_DELAY_MS = 120


class MainWindow(QMainWindow):
    new_requested = Signal()
    open_requested = Signal()
    open_database_requested = Signal()
    close_requested = Signal()
    quit_requested = Signal()
    reopen_requested = Signal()  # open the project again: your name or its team rules changed

    def __init__(
        self,
        project: Project,
        bridge: MessageBridge,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.bridge, self.settings = project, bridge, settings
        self.undo_stack = QUndoStack(self)
        self.panel = DocumentPanel(project.documents)
        self.editor = editor_for_task(project.task)(project, self.undo_stack)
        self.predictions = PredictionCache(project, self)
        self.status = ProjectStatusBar()
        self.setStatusBar(self.status)
        self.job: BackgroundJob | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.settings_dialog: ProjectSettingsDialog | None = None
        self.import_reports = ImportReports(self)
        self._stats_timer = QTimer(self, singleShot=True, interval=STATS_DELAY_MS)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._layout()
        self._create_actions()
        self._connect()
        self.training = TrainingControls(self)  # Train dock, menu and session: app/training
        self.team = TeamControls(self)  # next for me, others' changes, review: app/team
        self.memory = WindowMemory(settings, self, project.location)  # size, docks, splitters
        self.memory.restore()
        self.keys = KeyRouter(self, self.editor)  # annotation keys wherever the focus is

    def _layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="documentSplitter")  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        info = self.project.info()
        self.setWindowTitle(f"{info.name} — {info.task} — P-Tuning Studio")
        self.setWindowFilePath(str(self.project.location))

    def _action(
        self,
        text: str,
        slot: object,
        keys: tuple[QKeySequence | QKeySequence.StandardKey | str, ...] = (),
        icon_name: str = "",
    ) -> QAction:
        action = QAction(theme.icon(icon_name), text, self) if icon_name else QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        if keys:
            plain = text.replace("&", "").rstrip("…")
            action.setToolTip(f"{plain} ({action.shortcut().toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        a, keys = self._action, QKeySequence.StandardKey
        self.new_action = a("&New project…", self.new_requested, (keys.New,), "new")
        self.open_action = a("&Open project…", self.open_requested, (keys.Open,), "open")
        self.open_database_action = a("Open &database…", self.open_database_requested)
        self.import_action = a("&Import…", self.show_import, ("Ctrl+I",), "import")
        self.export_action = a("&Export…", self.show_export, ("Ctrl+E",), "export")
        self.close_action = a("&Close project", self.close_requested, ("Ctrl+W",))
        self.quit_action = a("&Quit", self.quit_requested, ("Ctrl+Q",))  # StandardKey: unbound
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(_with(keys.Undo, "Ctrl+Z"))
        self.undo_action.setIcon(theme.icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(_with(keys.Redo, "Ctrl+Y", "Ctrl+Shift+Z"))
        self.redo_action.setIcon(theme.icon("redo"))
        self.addActions([self.undo_action, self.redo_action])
        self.find_action = a("&Find…", self.panel.focus_search, (keys.Find,), "search")
        self.next_action = a("&Next document", self.panel.go_next, ("Ctrl+Down", "PgDown"), "next")
        self.previous_action = a(
            "&Previous document", self.panel.go_previous, ("Ctrl+Up", "PgUp"), "previous"
        )
        self.settings_action = a("Project &settings…", self.show_settings, ("Ctrl+,",), "settings")
        self.models_action = a("&Base model…", self.show_models)
        self.agreement_action = a("&Agreement between annotators…", self.show_agreement)
        self.show_log_action = a("Show &log", logs.show_log)
        self._menus()

    def _menus(self) -> None:
        bar = self.menuBar()
        for title, actions in (
            (
                "&File",
                [
                    self.new_action,
                    self.open_action,
                    self.open_database_action,
                    None,
                    self.import_action,
                    self.import_reports.action,
                    self.export_action,
                    None,
                    self.close_action,
                    self.quit_action,
                ],
            ),
            ("&Edit", [self.undo_action, self.redo_action, None, self.find_action]),
            ("&Go", [self.next_action, self.previous_action]),
            ("&Project", [self.settings_action, self.models_action, None, self.agreement_action]),
            ("&Help", [self.show_log_action]),
        ):
            menu = bar.addMenu(title)
            for action in actions:
                menu.addSeparator() if action is None else menu.addAction(action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setStyleSheet("QToolBar { spacing: 4px; padding: 2px; }")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        undo, redo = toolbar_undo_actions(self.undo_stack, toolbar)  # short fixed texts
        for action in (
            self.import_action,
            self.export_action,
            None,
            self.previous_action,
            self.next_action,
            None,
            undo,
            redo,
            None,
            self.settings_action,
        ):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)

    def _connect(self) -> None:
        self.panel.current_changed.connect(self.editor.set_document)
        self.editor.annotations_changed.connect(self.on_annotations_changed)
        self.editor.advance_requested.connect(self.panel.go_next)
        self.editor.message.connect(self.status.notify)
        self.editor.annotations.replayed.connect(self.show_replayed)
        connect_predictions(self.predictions, self.panel, self.editor)

    def load(self) -> None:
        """Fill the window: ids of the list, the labels, the first document, the stats."""
        self.refresh_labels()
        self.panel.reload()
        self.refresh_stats()
        self.editor.setFocus()

    # Reacting to changes --------------------------------------------------------------
    def on_annotations_changed(self, document_id: int) -> None:
        self.panel.model.refresh_document(document_id)
        self.status.show_saved()
        self._stats_timer.start()

    def show_replayed(self, document_id: int, text: str) -> None:
        """Undo/Redo of an edit made elsewhere opens that document, so you see the change."""
        if document_id != self.editor.document_id:
            self.panel.open_document(document_id)
        self.status.notify(text)

    def refresh_stats(self) -> None:
        self.status.show_stats(self.project.stats())

    def refresh_labels(self) -> None:
        labels = self.project.labels.all()
        self.panel.set_label_names([label.name for label in labels])
        self.editor.refresh_labels()

    def on_labels_changed(self) -> None:
        if self.undo_stack.count():  # commands may name labels that no longer exist
            self.undo_stack.clear()
            self.status.notify("Labels changed: the undo history was cleared.")
        self.refresh_labels()
        self.panel.reload()
        self.refresh_stats()

    # Import, export, settings ------------------------------------------------------------
    def show_import(self) -> None:
        self.import_dialog = ImportDialog(self.project.task, self)
        self.import_dialog.accepted.connect(lambda: self.start_import(self.import_dialog.request()))
        self.import_dialog.open()

    def start_import(self, request: ImportRequest) -> None:
        folders.remember(folders.IMPORT, request.path)
        self.job = transfer.run_with_progress(
            self,
            "Importing",
            transfer.import_op(self.project, request),
            self.bridge,
            self._after_import,
        )

    def _after_import(self, summary: str | None) -> None:
        self.job = None
        if summary is not None:
            self.undo_stack.clear()
            self.refresh_labels()
            self.panel.reload()
            self.refresh_stats()
            self.status.notify(summary.splitlines()[0])
            self.import_reports.show_report(summary)  # stays until dismissed
            self.fit_box = show_fit_warning(self, summary)

    def show_export(self) -> None:
        self.export_dialog = ExportDialog(
            self.project.task, folders.last_folder(folders.EXPORT), self
        )
        self.export_dialog.accepted.connect(self._start_export)
        self.export_dialog.open()

    def _start_export(self) -> None:
        assert self.export_dialog is not None
        request = self.export_dialog.request()
        folders.remember(folders.EXPORT, request.path)
        self.job = transfer.run_with_progress(
            self,
            "Exporting",
            transfer.export_op(self.project, request),
            self.bridge,
            self._after_export,
        )

    def _after_export(self, summary: str | None) -> None:
        self.job = None
        if summary is not None:
            self.status.notify(summary)

    def show_settings(self) -> None:
        self.settings_dialog = ProjectSettingsDialog(self.project, self.bridge, self)
        self.settings_dialog.labels_changed.connect(self.on_labels_changed)
        self.team.extend_settings(self.settings_dialog)
        self.settings_dialog.open()

    def show_models(self) -> None:
        self.models_dialog = ModelManager(self.project, self)
        self.models_dialog.open()

    def show_agreement(self) -> None:
        self.agreement_view = AgreementView(self.project, self.bridge, self)
        self.agreement_view.open()

    # Closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not closing.confirm_and_stop(self):  # asks once; Yes stops every worker cleanly
            event.ignore()
            return
        self.memory.save()
        self.project.close()
        super().closeEvent(event)

    @property
    def project_path(self) -> Path:
        return self.project.path


def _with(standard: QKeySequence.StandardKey, *also: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` and ``also``: Redo is Ctrl+Y on one desktop and
    Ctrl+Shift+Z on another, and people press both."""
    sequences = QKeySequence.keyBindings(standard)
    return sequences + [QKeySequence(k) for k in also if QKeySequence(k) not in sequences]
