"""Fuzz every reader with mutated files and print the invariant's table.

``python -m bench.fuzz_readers [--files 1000] [--seed 0] [--max-amount 200000]
[--formats csv,squad,...]``. Each reader's files are imported, one at a time, by a worker
process holding a fresh project; a file that takes longer than its linear budget
(``tests/io/fuzz_files.budget``) is a hang, and one still running after ``--hard-limit``
seconds gets its worker killed and replaced. Columns: files tried, accepted, refused
with a message naming the file, tracebacks (any other exception, or a message that does
not name the file), hangs, and partial imports (a refused file that changed the project).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from ptcore.store.project import Project
from tests.io.fuzz_files import (
    Outcome,
    importable,
    mutate,
    random_steps,
    seed_file,
    task_of,
    try_import,
)

KINDS = ["accepted", "clear error", "traceback", "hang", "partial import"]


def worker(connection: Connection, folder: str, name: str) -> None:
    with Project.create(Path(folder) / f"{name}-{time.time_ns()}.db", task_of(name)) as project:
        while True:
            path = connection.recv()
            if path is None:
                return
            connection.send(try_import(project, Path(path), name))


class Worker:
    def __init__(self, folder: str, name: str) -> None:
        self.connection, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=worker, args=(child, folder, name))
        self.process.start()

    def run(self, path: Path, limit: float) -> Outcome:
        started = time.perf_counter()
        self.connection.send(str(path))
        if self.connection.poll(limit):
            return self.connection.recv()  # type: ignore[no-any-return]
        self.process.kill()
        self.process.join()
        return Outcome("hang", time.perf_counter() - started, f"killed after {limit:.0f} s")

    def stop(self) -> None:
        if self.process.is_alive():
            self.connection.send(None)
            self.process.join()


def fuzz_reader(name: str, args: argparse.Namespace, folder: str) -> tuple[Counter[str], dict]:
    rng = random.Random(f"{args.seed}-{name}")
    seed = seed_file(name)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    current = Worker(folder, name)
    path = Path(folder) / f"fuzzed.{name}"
    for _ in range(args.files):
        steps = random_steps(rng, args.max_amount)
        path.write_bytes(mutate(seed, steps))
        outcome = current.run(path, args.hard_limit)
        counts[outcome.kind] += 1
        if outcome.kind not in ("accepted", "clear error"):
            examples.setdefault(outcome.kind, f"{steps}: {outcome.detail}")
        if not current.process.is_alive():
            current = Worker(folder, name)
    current.stop()
    return counts, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="files per reader")
    parser.add_argument("--seed", default="0")
    parser.add_argument("--max-amount", type=int, default=200_000, help="largest payload")
    parser.add_argument("--hard-limit", type=float, default=60.0, help="seconds, then kill")
    parser.add_argument("--formats", default=",".join(importable()))
    args = parser.parse_args()
    print("| reader | tried | " + " | ".join(KINDS) + " | seconds |")
    print("|---" * (len(KINDS) + 3) + "|")
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats.split(","):
            started = time.perf_counter()
            counts, examples = fuzz_reader(name, args, folder)
            cells = " | ".join(str(counts[kind]) for kind in KINDS)
            seconds = time.perf_counter() - started
            print(f"| {name} | {sum(counts.values())} | {cells} | {seconds:.0f} |", flush=True)
            problems += [f"{name} {kind}: {example}" for kind, example in examples.items()]
    for problem in problems:
        print(problem)


if __name__ == "__main__":
    main()
