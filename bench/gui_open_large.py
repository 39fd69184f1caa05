"""Open a 100,000-document project in the main window and move through it.

    QT_QPA_PLATFORM=offscreen python bench/gui_open_large.py [--documents N] [--moves M]

Prints a table: time until the list is shown (target < 1 s) and the time per move to
the next document (mean and max over the moves; target < 50 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from ptcore.records import DocumentRecord, Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

WORDS = [
    "the",
    "a",
    "film",
    "movie",
    "great",
    "awful",
    "plot",
    "actor",
    "scene",
    "music",
    "电影",
    "很好",
    "不错",
    "剧情",
    "演员",
]


def records(count: int):  # type: ignore[no-untyped-def]
    for i in range(count):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(12)]
        labeled = i % 10 == 0
        yield DocumentRecord(
            f"#{i} " + " ".join(words),
            labels=["positive"] if labeled else [],
            labeled=labeled,
            line=i + 1,
        )


def build(path: Path, count: int) -> float:
    started = time.perf_counter()
    with Project.create(path, Task.CLASSIFICATION, ["positive", "negative"]) as project:
        project.import_records(records(count), path, ImportOptions())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="ptbench-"))
    QCoreApplication.setOrganizationName("PTStudioBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    path = folder / "large.db"
    build_s = build(path, args.documents)

    from app.main import Shell
    from app.support.messages import MessageBridge
    from app.support.settings import AppSettings

    shell = Shell(MessageBridge(), AppSettings(), folder)
    started = time.perf_counter()
    window = shell.open_project(path)
    assert window is not None
    app.processEvents()  # the first paint: visible rows fetched and drawn
    open_s = time.perf_counter() - started
    moves = []
    for _ in range(args.moves):
        started = time.perf_counter()
        window.panel.go_next()
        app.processEvents()
        moves.append(time.perf_counter() - started)
    labeled = time.perf_counter()
    window.editor.apply_label("negative")
    app.processEvents()
    label_s = time.perf_counter() - labeled
    started = time.perf_counter()
    window.refresh_stats()
    stats_s = time.perf_counter() - started
    rows = [
        ("documents", f"{window.panel.model.rowCount():,}", ""),
        ("build project (import)", f"{build_s:.2f} s", ""),
        ("open (list shown)", f"{open_s * 1000:.0f} ms", "< 1000 ms"),
        (
            f"next document, mean of {args.moves}",
            f"{statistics.mean(moves) * 1000:.1f} ms",
            "< 50 ms",
        ),
        (f"next document, max of {args.moves}", f"{max(moves) * 1000:.1f} ms", "< 50 ms"),
        ("apply a label (incl. row refresh)", f"{label_s * 1000:.1f} ms", "< 50 ms"),
        ("status bar stats refresh", f"{stats_s * 1000:.1f} ms", "< 50 ms"),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure':<{width}}  {'value':>12}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>12}  {target}")
    window.close()
    sys.stdout.flush()
    # PySide6 6.12 can crash while finalising after many processEvents() calls; skip it.
    os._exit(0)


if __name__ == "__main__":
    main()
