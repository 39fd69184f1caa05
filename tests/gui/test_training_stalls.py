"""Pressing Train at once does nothing on the GUI thread that freezes it (issue 10, section 5).

Measured from the window's first frame (bench/gui_stall_stacks.py), two things froze it for
up to seconds: the worker's fit check imported torch before the engine's libraries were
mapped without the GIL (so the import mapped them holding it, or waited holding it for the
thread already mapping them), and the GUI thread created threads (the worker's, a background
job's) while a library was being mapped, which waits for the dynamic linker. How long these
take is the bench's business; these tests hold the order and the threads.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox

from app.training import shared_libraries, worker
from ptcore.engine import fit_guard
from tests.gui.conftest import open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 60_000
MAPPING_S = 1.0  # a slow machine's mapping of libtorch


@pytest.fixture(autouse=True)
def _closing_says_yes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A failed test closes its window while training may run: no modal question then."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)


class SlowMapping:
    """``load_shared_libraries`` in a thread of its own, taking ``MAPPING_S`` to map."""

    def __init__(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.span: list[float] = []
        monkeypatch.setattr(shared_libraries, "_loaded", False, raising=False)
        monkeypatch.setattr(shared_libraries, "native_library_paths", self._paths)
        self.thread = threading.Thread(target=shared_libraries.load_shared_libraries)

    def _paths(self) -> list[str]:
        self.span.append(time.perf_counter())
        time.sleep(MAPPING_S)  # as the dlopen calls would, without the GIL
        self.span.append(time.perf_counter())
        return []

    def start(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.thread.start()
        qtbot.waitUntil(lambda: bool(self.span), timeout=5000)

    def during(self, moment: float) -> bool:
        return self.span[0] <= moment <= self.span[-1]


def record_thread_starts(monkeypatch) -> list[tuple[float, str]]:  # type: ignore[no-untyped-def]
    """When the GUI thread starts a QThread (the worker's "training", a background job's)."""
    starts: list[tuple[float, str]] = []
    original = QThread.start

    def start(self: QThread, *args: object) -> None:
        starts.append((time.perf_counter(), self.objectName()))
        original(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    return starts


def test_the_worker_loads_the_engine_before_the_fit_check_imports_torch(
    qtbot, shell, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    steps: list[tuple[str, str]] = []  # what ran, in which QThread (the worker's: "training")
    preload, check = worker.preload_engine, fit_guard.ensure_model_reads

    def noted(name: str, function):  # type: ignore[no-untyped-def]
        def call(*args: object) -> object:
            steps.append((name, QThread.currentThread().objectName()))
            return function(*args)

        return call

    monkeypatch.setattr(worker, "preload_engine", noted("load the engine", preload))
    monkeypatch.setattr(fit_guard, "ensure_model_reads", noted("fit check", check))
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=1)
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS):
        panel.train_button.click()
    assert [name for name, thread in steps if thread == "training"] == [
        "load the engine",
        "fit check",
    ]


def test_train_pressed_while_libraries_map_starts_no_thread_until_they_are_mapped(
    qtbot, shell, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=1)
    panel.device_text = ""  # Train checks the device too: a background job
    mapping = SlowMapping(monkeypatch)
    starts = record_thread_starts(monkeypatch)
    mapping.start(qtbot)
    pressed = time.perf_counter()
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        panel.train_button.click()
        assert time.perf_counter() - pressed < MAPPING_S / 2  # the click did not wait
    assert finished.args[1] == "finished"
    assert {"training", ""} <= {name for _, name in starts}  # the worker's, the device check's
    assert not [moment for moment, _ in starts if mapping.during(moment)], (mapping.span, starts)
    mapping.thread.join()


def test_closing_before_the_worker_could_start_leaves_no_run_and_no_thread(
    qtbot, shell, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    use_tiny_settings(panel, epochs=1)
    mapping = SlowMapping(monkeypatch)
    starts = record_thread_starts(monkeypatch)
    mapping.start(qtbot)
    panel.train_button.click()
    assert panel.is_running()  # waiting to start: closing asks, as for a running worker
    assert window.training.session.stop_and_wait(1000)
    assert not panel.is_running() and panel.train_button.isEnabled()
    qtbot.wait(int(MAPPING_S * 1500))  # the mapping ends: the worker does not start after all
    assert "training" not in [name for _, name in starts]
    assert window.project.runs.all() == []
    mapping.thread.join()
