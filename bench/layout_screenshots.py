"""Render docs/layout-*.png in real X windows (Xvfb + openbox, as tests/layout does).

    python bench/layout_screenshots.py [--data ../shared/data]

- ``layout-ner-zh-13-labels-1366x768.png``: a CLUENER project (its 10 labels plus the three
  defaults: 13 label chips, which wrap) on a 1,366×768 screen, on a document with entities;
- ``layout-1024x700.png``: the same project on a 1,024×700 screen (the Training dock starts
  hidden there; the list keeps its model columns in view).

Each size runs in its own process on its own X server; the screenshot is the whole screen,
window frame included, as a person sees it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOCS = ROOT / "docs"
SHOTS = {(1366, 768): "layout-ner-zh-13-labels-1366x768.png", (1024, 700): "layout-1024x700.png"}
DOCUMENTS = 400


def build_project(data: Path, folder: Path) -> Path:
    from ptcore.io.registry import read_records
    from ptcore.records import Task
    from ptcore.store.importing import ImportOptions
    from ptcore.store.project import Project

    path = folder / "cluener.db"
    source = data / "cluener2020" / "train.json"
    with Project.create(path, Task.NER, ["PER", "ORG", "LOC"], name="CLUENER") as project:
        records = itertools.islice(read_records(source, Task.NER), DOCUMENTS)
        project.import_records(records, source, ImportOptions(add_labels=True))
    return path


def shoot(project: Path, out: Path) -> None:
    """In this process's X display: open the project, pick a document, grab the screen."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.support import background, settings
    from app.support.messages import MessageBridge
    from app.support.settings import AppSettings
    from app.widgets import theme
    from app.window.main_window import MainWindow
    from ptcore.store.project import Project

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(settings.ORGANIZATION)
    QCoreApplication.setApplicationName(settings.APPLICATION)
    theme.apply_theme(app)  # type: ignore[arg-type]
    window = MainWindow(Project(project), MessageBridge(), AppSettings())
    window.show()
    window.load()
    window.panel.select_row(3)
    QTest.qWaitForWindowExposed(window)
    deadline = time.monotonic() + 180
    while window.editor._tokenizer is None and time.monotonic() < deadline:
        QTest.qWait(100)  # the tokenizer arrives (boundary flags); the first run is slow
    QTest.qWait(500)  # the window manager settles
    window.screen().grabWindow(0).save(str(out))
    window.training.panel._device_timer.stop()
    window.close()
    background.shutdown(180_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--shoot", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.shoot:
        shoot(Path(args.shoot[0]), Path(args.shoot[1]))
        return
    from tests.layout.xserver import x_display

    with tempfile.TemporaryDirectory() as folder:
        project = build_project(args.data, Path(folder))
        for (width, height), name in SHOTS.items():
            with x_display(width, height) as display:
                env = {
                    **os.environ,
                    "DISPLAY": display,
                    "QT_QPA_PLATFORM": "xcb",
                    "XDG_CONFIG_HOME": str(Path(folder) / f"config-{width}"),
                }
                subprocess.run(
                    [sys.executable, __file__, "--shoot", str(project), str(DOCS / name)],
                    env=env,
                    check=True,
                )
            print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
