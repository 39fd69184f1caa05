"""The one bridge for user-facing problems: messages for user errors, reports for bugs.

A ``UserError`` (bad file, wrong folder) gets a plain message box. Anything else is a bug
and gets a report dialog with the traceback. A user cancelling is not an error: nothing.
Dialogs open window-modal without blocking (``open()``), so tests and workers never hang.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ptcore.errors import UserError
from ptcore.store.importing import ImportCancelled


class Cancelled(Exception):
    """The user stopped an operation: not an error, shows nothing."""


CANCELLATIONS: tuple[type[BaseException], ...] = (Cancelled, ImportCancelled)


class MessageBridge(QObject):
    """Routes every problem to the right dialog, always on the GUI thread."""

    user_error_shown = Signal(str)
    bug_reported = Signal(str)
    _from_any_thread = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_dialog: QDialog | None = None
        self._from_any_thread.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, error: BaseException, parent: QWidget | None = None) -> None:
        """Show ``error`` by its cause. Safe to call from any thread."""
        if isinstance(error, CANCELLATIONS):
            return
        if threading.current_thread() is threading.main_thread():
            self._show(error, parent)
        else:
            self._from_any_thread.emit(error)

    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        self._open(
            QMessageBox(
                QMessageBox.Icon.Information,
                title,
                text,
                QMessageBox.StandardButton.Ok,
                parent or _active_window(),
            )
        )

    @Slot(object)
    def _show(self, error: BaseException, parent: QWidget | None = None) -> None:
        parent = parent or _active_window()
        if isinstance(error, UserError):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "P-Tuning Studio",
                str(error),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            self._open(box)
            self.user_error_shown.emit(str(error))
            logging.getLogger("app").info("shown to the user: %s", error)
        else:
            text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            logging.getLogger("app").error("bug reported:\n%s", text)
            self._open(BugReportDialog(text, parent))
            self.bug_reported.emit(text)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.last_dialog is dialog:
            self.last_dialog = None


class BugReportDialog(QMessageBox):
    """A crash report: what happened, and the traceback to copy into an issue."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(
            QMessageBox.Icon.Critical,
            "Something went wrong",
            "P-Tuning Studio hit a bug. Your project is safe: every change was "
            "already saved. Please report this, with the details below.",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        self.setDetailedText(details)
        self.details = details


def install_excepthooks(bridge: MessageBridge) -> None:
    """Nothing dies silently: uncaught exceptions in any thread reach the bridge."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        previous(kind, error, tb)
        if QApplication.instance() is None:
            return
        bridge.report(error.with_traceback(tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback)
            bridge.report(args.exc_value)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def _active_window() -> QWidget | None:
    return QApplication.activeWindow()
