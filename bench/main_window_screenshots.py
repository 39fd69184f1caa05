"""Render docs/main_window-*.png and docs/predictions-*.png: the main window over each demo.

Builds the three demo projects in a temporary folder and saves the window as a new user first
sees it (main_window-*); then trains each on the embedded default model (CPU, a minute or two
each), opens the main window offscreen on an unlabeled document that has predictions, and
saves that (predictions-*). Slow on purpose: the pictures show what a user
sees after pressing Train, not a mock.

    python bench/main_window_screenshots.py [--minutes 1.5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.support.messages import MessageBridge  # noqa: E402
from app.support.settings import AppSettings  # noqa: E402
from app.widgets.theme import apply_theme  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from ptcore.demo import demo_project  # noqa: E402
from ptcore.engine.runner import train_project  # noqa: E402
from ptcore.engine.settings import default_settings  # noqa: E402
from ptcore.records import Status, Task  # noqa: E402
from ptcore.store.documents import DocumentFilter  # noqa: E402
from ptcore.store.project import Project  # noqa: E402

DOCS = ROOT / "docs"
PICKS = {Task.CLASSIFICATION: 3, Task.NER: 1, Task.QA: 0}  # which unlabeled document to show


def train(path: Path, task: Task, minutes: float) -> None:
    with Project(path) as project:
        settings = default_settings(task, max_minutes=minutes)
        run_id = train_project(project, settings)
        print(f"{task}: run {run_id} {project.runs.get(run_id).metrics.get('headline', '')}")


def screenshot(app: QApplication, path: Path, task: Task, out: Path) -> None:
    project = Project(path)
    window = MainWindow(project, MessageBridge(), AppSettings())
    window.resize(1500, 860)  # not the size a previous session saved
    window.splitter.setSizes([500, 640])
    window.show()
    window.load()
    unlabeled = project.documents.ids(DocumentFilter(status=Status.UNLABELED))
    window.panel.select_document(unlabeled[PICKS[task]])
    for _ in range(50):
        app.processEvents()
    window.grab().save(str(out))
    window.close()
    print(f"saved {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.5)
    minutes = parser.parse_args().minutes
    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        for task in (Task.CLASSIFICATION, Task.NER, Task.QA):
            path = demo_project(task, Path(folder))
            screenshot(app, path, task, DOCS / f"main_window-{task.value}.png")
            train(path, task, minutes)
            screenshot(app, path, task, DOCS / f"predictions-{task.value}.png")
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
