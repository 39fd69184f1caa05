"""Render docs/train-panel.png: the Train dock after a real run on 400 SST-2 sentences.

The demo projects hold a dozen labelled documents (one in dev), so a screenshot of training on
them shows a dev score jumping between 0 and 1. This one imports the first 300 rows of SST-2's
train.tsv and 100 of its dev.tsv from ../shared/data (never copied into the repository),
trains with the dock's default settings on the CPU, and saves the dock once the run is done.

    python bench/train_panel_screenshot.py [--data FOLDER]

``--data`` defaults to ``PTS_BENCH_DATA``, else ``../shared/data`` beside the checkout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from itertools import islice
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.support.messages import MessageBridge  # noqa: E402
from app.support.settings import AppSettings  # noqa: E402
from app.widgets.theme import apply_theme  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from bench.shared_data import DATA  # noqa: E402
from ptcore.io import read_records  # noqa: E402
from ptcore.records import Split, Task  # noqa: E402
from ptcore.store.importing import ImportOptions  # noqa: E402
from ptcore.store.project import Project  # noqa: E402

OUT = ROOT / "docs" / "train-panel.png"
SIZES = {"train.tsv": (300, Split.TRAIN), "dev.tsv": (100, Split.DEV)}
NAMES = {"0": "negative", "1": "positive"}  # SST-2's labels are digits


def sst2_project(folder: Path, data: Path) -> Path:
    path = folder / "sst2.db"
    with Project.create(path, Task.CLASSIFICATION, ["negative", "positive"]) as project:
        for name, (count, split) in SIZES.items():
            source = data / "sst2" / name
            records = islice(read_records(source, Task.CLASSIFICATION), count)
            named = (replace(r, labels=[NAMES[label] for label in r.labels]) for r in records)
            project.import_records(named, source, ImportOptions(split=split))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    data = parser.parse_args().data
    app = QApplication([])
    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        project = Project(sst2_project(Path(folder), data))
        window = MainWindow(project, MessageBridge(), AppSettings())
        window.resize(1500, 900)
        window.show()
        window.load()
        dock = window.training.dock
        window.resizeDocks([dock], [400], Qt.Orientation.Horizontal)  # room for label names
        panel, loop = window.training.panel, QEventLoop()
        panel.form.device.setCurrentText("cpu")
        panel.session.running_changed.connect(lambda running: running or loop.quit())
        panel.train_button.click()
        loop.exec()
        for _ in range(50):
            app.processEvents()
        dock.grab().save(str(OUT))
        print(f"saved {OUT}")
        window.close()
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
