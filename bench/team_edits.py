"""Several annotators editing one team project at once: edits lost, conflicts, latency.

``python bench/team_edits.py [--processes 8] [--edits 1000] [--url postgresql://…]``

Each process is one annotator's window: for every edit it reads a document (as the GUI
does on showing it), then adds an entity to it through ``Project.annotations``; two
processes share each annotator name (the same person in two windows), so a write based on a
read the other window has overtaken is refused with ``ConflictError`` — the process then
reloads and redoes it, as a person would. At the end the stored rows are counted against the
edits each process says it stored: the difference is edits lost (goal 0).

SQLite (WAL) always; PostgreSQL when ``--url`` or ``PTS_TEST_POSTGRES_URL`` names a server
and this build opens database URLs, otherwise a line says why it was skipped.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from ptcore.db import errors as db_errors
from ptcore.db.team_models import AnnotatorEntityRow
from ptcore.errors import ConflictError
from ptcore.records import DocumentRecord
from ptcore.store.project import Project
from ptcore.team.state import set_team

DOCUMENTS = 50
SLOT = 2  # characters per entity slot: one-character entities never overlap


@dataclass
class Report:
    annotator: str
    stored: int
    conflicts: int
    busy: int  # writes that waited past the busy timeout and were tried again (nothing stored)
    latencies_ms: list[float]


def make_project(location: str, processes: int, edits: int) -> None:
    slots = processes * edits  # an annotator's two windows never reuse a slot
    text = "a " * (slots // 2 + 1)
    with Project.create(location, "ner", ["X"]) as project:  # type: ignore[arg-type]
        records = [DocumentRecord(f"{i} {text}", line=i) for i in range(DOCUMENTS)]
        project.import_records(records, Path("bench"))
        set_team(project, overlap=processes, gold_rule="majority")


def edit(location: str, index: int, edits: int, queue) -> None:  # type: ignore[no-untyped-def]
    """One window: ``edits`` entities, each after reading its document."""
    annotator, window = f"annotator{index // 2}", index % 2
    rng = random.Random(index)
    report = Report(annotator, 0, 0, 0, [])
    with Project(location, annotator=annotator) as project:  # type: ignore[arg-type]
        for i in range(edits):
            document_id = rng.randrange(1, DOCUMENTS + 1)
            start = len(str(document_id - 1)) + 1 + SLOT * (window * edits + i)
            project.documents.get(document_id)
            while True:
                began = time.perf_counter()
                try:
                    project.annotations.add_entity(document_id, start, start + 1, "X")
                except ConflictError:
                    report.conflicts += 1
                    project.documents.get(document_id)  # reload, then redo the edit
                    continue
                except OperationalError as error:  # busy past the timeout: the GUI retries too
                    if db_errors.describe(error) != db_errors.BUSY:
                        raise
                    report.busy += 1
                    continue
                finally:
                    report.latencies_ms.append((time.perf_counter() - began) * 1000)
                report.stored += 1
                break
    queue.put(report)


def run(location: str, processes: int, edits: int) -> dict[str, float]:
    make_project(location, processes, edits)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=edit, args=(location, i, edits, queue)) for i in range(processes)
    ]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    reports = [_report(queue, workers) for _ in workers]
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - began
    with Project(location, annotator="bench") as project, project.Session() as session:  # type: ignore[arg-type]
        rows = dict(
            session.execute(
                select(AnnotatorEntityRow.annotator, func.count()).group_by(
                    AnnotatorEntityRow.annotator
                )
            ).all()
        )
    claimed: dict[str, int] = {}
    for report in reports:
        claimed[report.annotator] = claimed.get(report.annotator, 0) + report.stored
    latencies = sorted(ms for report in reports for ms in report.latencies_ms)
    return {
        "edits": sum(claimed.values()),
        "lost": sum(claimed.values()) - sum(rows.values()),
        "extra": sum(max(0, rows.get(n, 0) - c) for n, c in claimed.items()),
        "conflicts": sum(report.conflicts for report in reports),
        "busy": sum(report.busy for report in reports),
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "seconds": seconds,
    }


def _report(queue, workers) -> Report:  # type: ignore[no-untyped-def]
    """The next window's report; a window that died stops the bench instead of hanging it."""
    while True:
        try:
            return queue.get(timeout=5)
        except Empty:
            dead = [w.pid for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise SystemExit(f"window process(es) {dead} failed; see above") from None


def line(engine: str, result: dict[str, float], processes: int, edits: int) -> str:
    return (
        f"| {engine} | {processes} × {edits} | {result['edits']:.0f} | {result['lost']:.0f} | "
        f"{result['conflicts']:.0f} | {result['busy']:.0f} | {result['p50_ms']:.1f} | "
        f"{result['p95_ms']:.1f} | "
        f"{result['seconds']:.0f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--url", default=os.environ.get("PTS_TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    print(
        "| engine | processes × edits | stored | lost | conflicts | busy retries | p50 ms "
        "| p95 ms | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        result = run(str(Path(folder) / "team.db"), args.processes, args.edits)
        print(line("SQLite (WAL)", result, args.processes, args.edits), flush=True)
    if not args.url:
        print("PostgreSQL: skipped (no --url and no PTS_TEST_POSTGRES_URL)")
        return 0
    try:
        result = run(args.url, args.processes, args.edits)
    except Exception as error:  # a build without URL support, or no server: say which
        print(f"PostgreSQL: skipped ({type(error).__name__}: {error})")
        return 0
    print(line("PostgreSQL", result, args.processes, args.edits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
