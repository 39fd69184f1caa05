"""GUI test setup: offscreen Qt, isolated QSettings, and no QThread left running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import json
import traceback
from collections.abc import Iterator
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThread

from ptcore.records import Task
from ptcore.store.project import Project

THREAD_GRACE_MS = 2000


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp: object) -> Iterator[None]:
    QCoreApplication.setOrganizationName("PTStudioTests")
    QCoreApplication.setApplicationName("PTStudioTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    yield


@pytest.fixture(autouse=True)
def _desktop_sized_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offscreen platform's screen is 800×600; windows fitted to it would hide the
    Training dock. Tests run on a desktop-sized screen (tests/layout checks real sizes)."""
    from PySide6.QtCore import QSize

    from app.widgets import screen_fit

    monkeypatch.setattr(screen_fit, "available_size", lambda _widget=None: QSize(1920, 1080))


@pytest.fixture(autouse=True)
def _dangling_qthreads(monkeypatch: pytest.MonkeyPatch, qtbot: object) -> Iterator[None]:
    """Fail a test that leaves a QThread running (after napari's fixture of that name)."""
    started: WeakKeyDictionary[QThread, str] = WeakKeyDictionary()
    original = QThread.start

    def start(self: QThread, *args: object) -> None:
        started[self] = "".join(traceback.format_stack(limit=6)[:-1])
        original(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    yield
    gc.collect()  # here, on the GUI thread, not in some worker that happens to allocate
    dangling = [
        where
        for thread, where in list(started.items())
        if thread.isRunning() and not thread.wait(THREAD_GRACE_MS)
    ]
    if dangling:
        pytest.fail("QThread left running, started at:\n" + "\n".join(dangling))


@pytest.fixture
def shell(qtbot: object, tmp_path: Path):  # type: ignore[no-untyped-def]
    from app.main import Shell
    from app.support import background
    from app.support.messages import MessageBridge
    from app.support.settings import AppSettings

    bridge = MessageBridge()
    shell = Shell(bridge, AppSettings(), tmp_path / "data")
    yield shell
    if shell.window is not None:
        shell.window.close()
    if shell.start is not None:
        shell.start.close()
    background.shutdown()  # as main() does on quit: cancel and wait for background work


def write_jsonl(path: Path, items: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text(
        "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8"
    )
    return path


@pytest.fixture
def sentiment_project(tmp_path: Path) -> Path:
    """A classification project with 30 documents, a few labelled, English and Chinese."""
    from ptcore.io.registry import read_records

    items = [{"text": f"Review {i}: {'great' if i % 2 else 'awful'} film"} for i in range(25)]
    items += [{"text": f"第{i}条评论：电影很好看", "label": "positive"} for i in range(5)]
    source = write_jsonl(tmp_path / "seed.jsonl", items)
    path = tmp_path / "sentiment.db"
    with Project.create(path, Task.CLASSIFICATION, ["positive", "negative"]) as project:
        project.import_records(read_records(source, Task.CLASSIFICATION), source)
    return path


def open_active(qtbot, shell, path: Path):  # type: ignore[no-untyped-def]
    """Open ``path`` in the shell's window and make it active, as a person's click would."""
    window = shell.open_project(path)
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def focused(window):  # type: ignore[no-untyped-def]
    """Where a key press goes: the focus widget, as for a real keyboard."""
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget() or window
