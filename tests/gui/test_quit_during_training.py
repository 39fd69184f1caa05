"""The whole app in a child process: Ctrl+W answered No, then Quit answered Yes, during
training. The process must end by itself, with status 0 and no "Fatal Python error"
(before the fix, No closed the window anyway and Qt aborted: "QThread: Destroyed while
thread 'training' is still running")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ptcore.store.project import Project
from tests.gui.training_fixtures import tiny_project

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
import app.main
from app.window.main_window import MainWindow
from tests.gui.training_fixtures import use_tiny_settings

answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
QMessageBox.question = lambda *_args: answers.pop(0)

def window():
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

def press(key):
    target = QApplication.focusWidget() or window()
    QTest.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)

def on_evaluated(_run_id):
    if len(answers) < 2:
        return
    press(Qt.Key.Key_W)  # No: everything goes on
    QApplication.processEvents()
    print("window kept:", window().isVisible(), flush=True)
    press(Qt.Key.Key_Q)  # Yes: stop training, keep the best model, quit

def train():
    print("switch interval:", sys.getswitchinterval(), flush=True)
    panel = window().training.panel
    use_tiny_settings(panel, epochs=200)
    panel.session.evaluated.connect(on_evaluated)
    window().activateWindow()
    window().training.train_action.trigger()

QTimer.singleShot(0, train)
code = app.main.main([sys.argv[0], sys.argv[1]])
print("exit", code, flush=True)
sys.exit(code)
"""


def test_quit_during_training_exits_cleanly(tmp_path: Path) -> None:
    path = tiny_project(tmp_path)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        cwd=ROOT,
    )
    assert "Fatal Python error" not in result.stderr
    assert "QThread: Destroyed" not in result.stderr
    assert result.returncode == 0, result.stderr[-3000:]
    assert "window kept: True" in result.stdout
    assert "switch interval: 0.001" in result.stdout  # the GUI gets the GIL back promptly
    with Project(path) as project:
        [run] = project.runs.all()
        assert run.status == "cancelled" and run.model_dir
        assert (path.parent / run.model_dir).is_dir()
