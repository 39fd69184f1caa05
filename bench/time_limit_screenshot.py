"""Render docs/train-panel-time-limit.png: the Train dock after a one-minute run, in a real X
window.

Opens the main window on a real X server (``DISPLAY``, e.g. Xvfb with a window manager) over
300 SST-2 train and 100 dev sentences from ``../shared/data`` (never copied into the
repository), sets Advanced ▸ Max time to one minute, presses Train with a click, waits for the
run to end and for the predictions the limit left, then saves the screen's dock area with
ImageMagick's ``import``, as a person's screenshot would be.

    DISPLAY=:15 python bench/time_limit_screenshot.py [--minutes 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.support.messages import MessageBridge  # noqa: E402
from app.support.settings import AppSettings  # noqa: E402
from app.widgets.theme import apply_theme  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from bench.train_panel_screenshot import sst2_project  # noqa: E402
from ptcore.store.project import Project  # noqa: E402

OUT = ROOT / "docs" / "train-panel-time-limit.png"
DATA = ROOT.parent / "shared" / "data"


def wait(app: QApplication, msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    minutes = parser.parse_args().minutes
    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        project = Project(sst2_project(Path(folder), DATA))
        window = MainWindow(project, MessageBridge(), AppSettings())
        window.showMaximized()
        window.load()
        dock = window.training.dock
        window.resizeDocks([dock], [460], Qt.Orientation.Horizontal)
        panel, finished = window.training.panel, QEventLoop()
        wait(app, 1500)
        panel.form.max_minutes.setValue(minutes)
        panel.form.device.setCurrentText("cpu")
        panel.session.running_changed.connect(lambda running: running or finished.quit())
        QTest.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
        finished.exec()
        while "Predicting the" in panel.result_label.text():
            wait(app, 500)
        wait(app, 2000)
        top_left = dock.mapToGlobal(dock.rect().topLeft())
        geometry = f"{dock.width()}x{dock.height()}+{top_left.x()}+{top_left.y()}"
        subprocess.run(["import", "-window", "root", "-crop", geometry, str(OUT)], check=True)
        print(f"saved {OUT}: {panel.result_label.text()}")
        window.close()
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
