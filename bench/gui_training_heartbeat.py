"""Is the GUI thread responsive while a real model trains in the window?

    QT_QPA_PLATFORM=offscreen python bench/gui_training_heartbeat.py [--epochs N]
        [--threads 2,1] [--switch-ms 5] [--screenshots] [--from-show [--train-after S]]
        [--no-dlopen] [--conll N]

Trains the embedded default model (all-MiniLM-L6-v2) on the classification demo project
from the main window's Train dock, on the CPU. A 10 ms QTimer in the GUI thread records
the gaps between its ticks; a gap over 50 ms is a visible stall. Gaps are split into the
"open" phase (with ``--from-show``: the window's first frame to the Train click, which comes
at once, as when a person presses Train the moment the window is there, or ``--train-after``
seconds later; the time to that first frame is printed apart: no window is there to stall
before it), the "preload"
phase (the idle window importing torch and transformers in the background, as the
dock does a few seconds after it shows), "load" (Train click to the first step: data, model
load) and "train" (first step to the end: steps, evaluations, predictions stored and shown).
``--conll N`` trains an NER project of the first N CoNLL-2003 training sentences instead (the
issue's case: 1,000 sentences, ``--train-after 4``, about 60 s of training).
``--threads`` runs once per value (training threads; the app default is all cores but one).
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

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.support.gil import share_the_gil_promptly
from app.support.messages import MessageBridge
from app.support.settings import AppSettings
from app.training import engine_loading
from app.training.runs_view import RunsView
from app.training.worker import training_threads
from app.widgets.theme import apply_theme
from app.window.main_window import MainWindow
from bench.shared_data import DATA
from ptcore.demo import demo_project
from ptcore.io import read_records
from ptcore.records import Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

TICK_MS = 10
DOCS = Path(__file__).resolve().parent.parent / "docs"


class Heartbeat:
    """Records the gap between consecutive ticks of a 10 ms timer, by phase."""

    def __init__(self) -> None:
        self.gaps: dict[str, list[float]] = {"open": [], "preload": [], "load": [], "train": []}
        self.phase = "preload"
        self.last = time.perf_counter()
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps[self.phase].append((now - self.last) * 1000)
        self.last = now


def conll_project(folder: Path, sentences: int) -> Path:
    """An NER project holding the first ``sentences`` CoNLL-2003 training sentences, labelled."""
    path = folder / "conll.ptproj"
    records = list(read_records(DATA / "conll2003" / "train.txt", Task.NER))[:sentences]
    labels = sorted({entity.label for record in records for entity in record.entities})
    with Project.create(path, Task.NER, labels) as project:
        project.import_records(records, path, ImportOptions())
    return path


def run_once(
    folder: Path,
    epochs: float,
    threads: int,
    screenshots: bool,
    preload: bool,
    from_show: bool = False,
    train_after: float = 0.0,
    conll: int = 0,
) -> dict[str, object]:
    path = conll_project(folder, conll) if conll else demo_project("classification", folder)
    shown = time.perf_counter()
    window = MainWindow(Project(path), MessageBridge(), AppSettings())
    beat = Heartbeat()
    window.show()
    window.load()
    if from_show:  # as a person sees it: from the first frame, Train pressed at once or soon
        QApplication.processEvents()  # the first frame is painted
        state_first_frame = time.perf_counter() - shown
        beat.phase = "open"
        beat.start()
        until = time.perf_counter() + train_after
        while time.perf_counter() < until:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
    panel, session = window.training.panel, window.training.session
    session.threads = threads
    form = panel.form
    form.epochs.setValue(epochs)
    if not conll:  # the NER project trains with its task's defaults
        form.batch_size.setValue(4)
    form.device.setCurrentText("cpu")
    loop = QEventLoop()
    state: dict[str, object] = {"evals": 0, "steps": 0}
    if from_show:
        state["first_frame"] = state_first_frame

    def on_progress(info: object) -> None:
        beat.phase = "train"
        state["steps"] = info.step  # type: ignore[attr-defined]

    def on_evaluated(_run: int) -> None:
        state["evals"] = int(state["evals"]) + 1  # type: ignore[call-overload]

    session.progress.connect(on_progress)
    session.evaluated.connect(on_evaluated)
    session.run_finished.connect(lambda run_id, status: state.update(run=run_id, status=status))
    session.running_changed.connect(lambda running: running or loop.quit())
    if not from_show:
        beat.start()
    if preload and not from_show:  # as when a person clicks Train a few seconds later
        panel.detect_device()
        while not panel.device_text:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    beat.phase = "load"
    started = time.perf_counter()
    panel.train_button.click()
    loop.exec()
    beat.timer.stop()
    state["seconds"] = time.perf_counter() - started
    if screenshots:
        runs = RunsView(window.project, window.bridge)
        runs.show()
        runs.select_run(int(state["run"]))  # type: ignore[call-overload]
        QApplication.processEvents()
        runs.grab().save(str(DOCS / "runs-view.png"))
        runs.close()
    window.close()
    return {**state, "gaps": beat.gaps, "threads": threads}


def stats(gaps: list[float]) -> tuple[float, float, float]:
    if not gaps:
        return (0.0, 0.0, 0.0)
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return ordered[-1], p99, statistics.fmean(ordered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=float, default=200)
    parser.add_argument("--threads", default=str(training_threads()))
    parser.add_argument(
        "--switch-ms",
        type=float,
        default=0.0,
        help="sys.setswitchinterval in ms (0: the app's, app/support/gil.py; Python's is 5)",
    )
    parser.add_argument("--screenshots", action="store_true")
    parser.add_argument(
        "--from-show",
        action="store_true",
        help="measure from the window's first frame and press Train at once (no preload)",
    )
    parser.add_argument(
        "--train-after",
        type=float,
        default=0.0,
        help="with --from-show: seconds between the first frame and the Train click",
    )
    parser.add_argument(
        "--no-dlopen",
        action="store_true",
        help="let the imports map torch's libraries with the GIL held, as before",
    )
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="click Train at once, before the idle-time engine import",
    )
    parser.add_argument(
        "--conll",
        type=int,
        default=0,
        help="an NER project of the first N CoNLL-2003 sentences instead of the demo",
    )
    args = parser.parse_args()
    share_the_gil_promptly()  # as the app does
    if args.switch_ms:
        sys.setswitchinterval(args.switch_ms / 1000)
    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app)  # type: ignore[arg-type]  # fonts as the app has them: drawing costs the same
    QCoreApplication.setOrganizationName("PTStudioBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    if args.no_dlopen:
        engine_loading.load_shared_libraries = lambda: []  # type: ignore[assignment]
    results = []
    for threads in [int(t) for t in args.threads.split(",")]:
        with tempfile.TemporaryDirectory() as folder:
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
            results.append(
                run_once(
                    Path(folder),
                    args.epochs,
                    threads,
                    args.screenshots,
                    not args.no_preload,
                    args.from_show,
                    args.train_after,
                    args.conll,
                )
            )
    del app
    print(
        f"CPU cores: {os.cpu_count()}  switch interval: {sys.getswitchinterval() * 1000:g} ms"
        f"  tick: {TICK_MS} ms  target: worst < 50 ms"
    )
    print(
        f"{'threads':>7} {'phase':>6} {'ticks':>6} {'worst ms':>9} {'p99 ms':>7} "
        f"{'mean ms':>8} {'steps':>6} {'evals':>6} {'run s':>6} status"
    )
    for result in results:
        if "first_frame" in result:
            print(
                f"{result['threads']:>7} window construction to first frame: "
                f"{float(result['first_frame']) * 1000:.0f} ms (not a stall: no window yet)"
            )
        for phase, gaps in result["gaps"].items():  # type: ignore[attr-defined]
            worst, p99, mean = stats(gaps)
            print(
                f"{result['threads']:>7} {phase:>6} {len(gaps):>6} {worst:>9.1f} {p99:>7.1f} "
                f"{mean:>8.1f} {result['steps']:>6} {result['evals']:>6} "
                f"{result['seconds']:>6.1f} {result.get('status')}"
            )


if __name__ == "__main__":
    main()
