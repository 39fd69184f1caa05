"""The background helper and the error bridge."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from app.support.background import Progress, run_in_background
from app.support.messages import BugReportDialog, Cancelled, MessageBridge
from ptcore.errors import UserError


def test_op_runs_off_the_gui_thread_and_reports_back_on_it(
    qtbot,
) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def op(progress: Progress) -> int:
        seen["op_thread"] = threading.current_thread()
        progress.report(1, 2)
        return 42

    def on_progress(done: int, total: int) -> None:
        seen["progress_thread"] = threading.current_thread()

    job = run_in_background(op, on_progress=on_progress)
    with qtbot.waitSignal(job.succeeded) as blocker:
        pass
    assert blocker.args == [42]
    assert seen["op_thread"] is not threading.main_thread()
    qtbot.waitUntil(lambda: "progress_thread" in seen)
    assert seen["progress_thread"] is threading.main_thread()


def test_cancel_is_cooperative(qtbot) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def op(progress: Progress) -> None:
        started.set()
        while not progress.should_stop():
            threading.Event().wait(0.005)
        raise Cancelled()

    job = run_in_background(op)
    started.wait(5)
    with qtbot.waitSignal(job.cancelled):
        job.cancel()


def test_failure_arrives_as_the_exception(qtbot) -> None:  # type: ignore[no-untyped-def]
    def op(_progress: Progress) -> None:
        raise UserError("bad file")

    job = run_in_background(op)
    with qtbot.waitSignal(job.failed) as blocker:
        pass
    assert isinstance(blocker.args[0], UserError)


def test_user_error_is_a_message_and_a_bug_is_a_report(
    qtbot,
) -> None:  # type: ignore[no-untyped-def]
    bridge = MessageBridge()
    with qtbot.waitSignal(bridge.user_error_shown):
        bridge.report(UserError("The file is empty."))
    assert isinstance(bridge.last_dialog, QMessageBox)
    assert "The file is empty." in bridge.last_dialog.text()
    bridge.last_dialog.close()
    try:
        raise KeyError("boom")
    except KeyError as error:
        bug = error
    with qtbot.waitSignal(bridge.bug_reported) as blocker:
        bridge.report(bug)
    assert isinstance(bridge.last_dialog, BugReportDialog)
    assert "KeyError" in blocker.args[0] and "boom" in blocker.args[0]
    bridge.last_dialog.close()


@pytest.mark.parametrize("error", [Cancelled()])
def test_cancelling_shows_nothing(qtbot, error: Exception) -> None:  # type: ignore[no-untyped-def]
    bridge = MessageBridge()
    with (
        qtbot.assertNotEmitted(bridge.user_error_shown),
        qtbot.assertNotEmitted(bridge.bug_reported),
    ):
        bridge.report(error)
    assert bridge.last_dialog is None
