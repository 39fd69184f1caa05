"""Does ``train --max-minutes 1`` end within the minute, predictions included?

Builds a 600-document SST-2 project (all labeled; the import's hash split gives it train, dev
and test), runs ``python -m ptcore train PROJECT --max-minutes 1`` as a user would, and prints
the wall-clock time from starting the process to its exit, with what the run says ended it and
how many predictions the limit left for later. Not a unit test: it needs the real data
(``../shared/data`` beside the checkout) and the default model. Run from the repository root:
``python -m bench.time_limit [documents] [minutes]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ptcore.io import read_records
from ptcore.records import Task
from ptcore.store.project import Project

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def build(folder: Path, documents: int) -> Path:
    records = list(read_records(DATA / "sst2" / "train.tsv", Task.CLASSIFICATION))[:documents]
    path = folder / "sst2.db"
    with Project.create(path, "classification", ["0", "1"]) as project:
        project.import_records(records, DATA / "sst2" / "train.tsv")
    return path


def main(documents: int = 600, minutes: float = 1.0) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), documents)
        command = [
            sys.executable,
            "-m",
            "ptcore",
            "train",
            str(path),
            "--max-minutes",
            f"{minutes:g}",
        ]
        started = time.monotonic()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ)
        )
        assert process.stderr is not None and process.stdout is not None
        for line in process.stderr:  # when each phase shows on the terminal
            for marker in ("step 1/", "eval step", "Time limit"):
                if marker in line:
                    print(f"  {time.monotonic() - started:5.1f} s: {line.strip()[-90:]}")
        out, code = process.stdout.read(), process.wait()
        wall = time.monotonic() - started
        print(out.strip())
        with Project(path) as project:
            run = project.runs.all()[-1]
            stats = project.stats()
        pending = len(run.metrics.get("pending_predictions", []))
        print(
            f"{stats['documents']} documents, limit {minutes:g} min: command took {wall:.1f} s "
            f"(exit {code}); ended: {run.metrics.get('ended')}; "
            f"predictions left for later: {pending}"
        )


if __name__ == "__main__":
    main(*(int(a) if i == 0 else float(a) for i, a in enumerate(sys.argv[1:])))
