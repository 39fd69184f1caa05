"""The GUI thread's edit path while a training worker stores predictions without pause.

    QT_QPA_PLATFORM=offscreen python bench/edit_under_predictions.py [--edits 1000]
        [--documents 2000] [--busy-timeout 30] [--compare]

One thread replaces a run's predictions for every document, over and over, as fast as it can
(the worst case: real training pauses for inference between batches). The main thread makes
``--edits`` edits through the GUI's own path (``Annotations.run`` and undo of an ``AddEntity``,
alternately) and times each. Prints failures (refused or announced edits; target 0), edit
latency p50/p95/max, and how many predictions the writer stored per second meanwhile.
``--compare`` first runs the same with the in-process write queue switched off (SQLite's
polling busy handler alone), to show what the queue buys.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack

from app.undo import Annotations
from app.undo.entities import AddEntity
from ptcore.db import connection, write_queue
from ptcore.records import DocumentRecord
from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from ptcore.store.views import Prediction


def build(folder: Path, documents: int) -> Project:
    project = Project.create(folder / "bench.db", "ner", ["PER"])
    records = (DocumentRecord(f"Ann met Bob in town, #{i}.", line=i + 1) for i in range(documents))
    project.import_records(records, Path("bench.jsonl"))
    return project


def writer(project: Project, stop: threading.Event, stored: list[int]) -> None:
    run_id = project.runs.start({}, {}, "CPU", 0)
    ids = project.documents.ids()
    payload = payload_from_json({"entities": [[0, 3, "PER", 0.9]]})
    while not stop.is_set():
        project.runs.replace_predictions(
            run_id, [Prediction(run_id, i, None, payload, 0.9, False) for i in ids]
        )
        stored[0] += len(ids)


def edit(project: Project, count: int) -> tuple[list[float], list[str]]:
    stack = QUndoStack()
    annotations = Annotations(project, stack)
    failures: list[str] = []
    annotations.failed.connect(failures.append)
    latencies = []
    document_ids = project.documents.ids()
    for n in range(count):
        began = time.perf_counter()
        if n % 2 == 0:
            document = document_ids[n // 2 % len(document_ids)]
            if not annotations.run(AddEntity(annotations, document, (0, 3), "PER", "Ann")):
                failures.append("refused")
        else:
            stack.undo()
        latencies.append(time.perf_counter() - began)
    return latencies, failures


def measure(edits: int, documents: int) -> str:
    with tempfile.TemporaryDirectory() as folder, build(Path(folder), documents) as project:
        stop, stored = threading.Event(), [0]
        thread = threading.Thread(target=writer, args=(project, stop, stored))
        thread.start()
        time.sleep(1.0)  # the writer is in full flow before the first edit
        began, before = time.perf_counter(), stored[0]
        try:
            latencies, failures = edit(project, edits)
        finally:
            stop.set()
            thread.join()
        elapsed = time.perf_counter() - began
    ms = sorted(1000 * t for t in latencies)
    return (
        f"edits {len(ms)}  failures {len(failures)}  p50 {statistics.median(ms):.1f} ms  "
        f"p95 {ms[int(0.95 * len(ms)) - 1]:.1f} ms  max {ms[-1]:.1f} ms  "
        f"writer {(stored[0] - before) / elapsed:,.0f} predictions/s"
        + "".join(f"\n  failure: {f}" for f in failures[:5])
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--busy-timeout", type=float, default=connection.BUSY_TIMEOUT_S)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    connection.BUSY_TIMEOUT_S = args.busy_timeout
    if args.compare:
        queue = write_queue.WriteQueue
        acquire, release = queue.acquire, queue.release
        queue.acquire = queue.release = lambda self: None  # type: ignore[method-assign]
        print("without the write queue:", measure(args.edits, args.documents))
        queue.acquire, queue.release = acquire, release  # type: ignore[method-assign]
    print("with the write queue:   ", measure(args.edits, args.documents))


if __name__ == "__main__":
    main()
