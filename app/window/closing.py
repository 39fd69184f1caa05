"""Closing a project while long work runs: ask once, and on Yes stop the work cleanly first.

Every way out of a project (Close, Quit, the window's close button, opening another project,
New, a demo) ends in ``MainWindow.closeEvent``, which calls ``confirm_and_stop``. Answering
No changes nothing: the window, the project and the work go on. Answering Yes cancels
training (the engine keeps the best model) and background jobs (imports roll back), waits
for their threads to end, and delivers their last signals while the project is still open,
so nothing reaches a closed project or a deleted window afterwards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from app.support import background

STOP_WAIT_MS = 60_000  # training stops after its current step: seconds, even on a slow CPU
TRAINING = "Training"


def running_work(window: Any) -> list[str]:
    """What long work the window has going, e.g. ["Training", "Importing"]."""
    training = [TRAINING] if window.training.session.is_running() else []
    return training + background.running_titles()


def confirm_and_stop(window: Any) -> bool:
    """True when the window may close: nothing long was running, or the user said Yes and
    everything has stopped. False (and nothing changed) when the user said No."""
    work = running_work(window)
    if work:
        names = " and ".join(work)
        answer = QMessageBox.question(
            window,
            f"{work[0]} is running",
            f"{names} {'is' if len(work) == 1 else 'are'} still running.\n\n"
            "Stop and close the project? Training keeps its best model so far; "
            "an unfinished import changes nothing.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
    return stop_all(window)


def stop_all(window: Any) -> bool:
    """Cancel every worker, wait for its thread, and deliver its last signals now."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        for timer in window.findChildren(QTimer):  # nothing new starts (a device check…)
            timer.stop()
        stopped = window.training.session.stop_and_wait(STOP_WAIT_MS)
        background.shutdown()
        QCoreApplication.sendPostedEvents()  # "run finished", "job done": while the project is open
    finally:
        QApplication.restoreOverrideCursor()
    if not stopped:
        QMessageBox.warning(
            window,
            "Training is still stopping",
            "Training has not stopped yet. Try closing again in a moment.",
        )
    return stopped
