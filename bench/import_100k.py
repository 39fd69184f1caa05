"""Import 100,000 short labelled documents and ask for stats; compare with raw SQLite.

Targets (issue 2): import < 20 s, ``stats`` < 1 s on the 2-core development machine.
The baseline is the same texts written with a bare ``sqlite3.executemany`` into a
one-column table: the floor any importer on this disk could reach.

    python bench/import_100k.py [--documents 100000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = "the a good bad film plot actor scene music story slow fast fun dull great poor".split()


def write_csv(path: Path, count: int) -> None:
    rng = random.Random(0)
    with path.open("w", encoding="utf-8") as out:
        out.write("text,label\n")
        for index in range(count):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15)))
            out.write(f"{words} #{index},{rng.choice(['pos', 'neg'])}\n")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def raw_sqlite_seconds(csv_path: Path, db_path: Path) -> float:
    start = time.perf_counter()
    lines = csv_path.read_text(encoding="utf-8").splitlines()[1:]
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE documents (text TEXT)")
        db.executemany("INSERT INTO documents VALUES (?)", ((line,) for line in lines))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    count = parser.parse_args().documents
    cli = [sys.executable, "-m", "ptcore"]
    with tempfile.TemporaryDirectory() as folder:
        data, project = Path(folder) / "docs.csv", Path(folder) / "p.db"
        write_csv(data, count)
        baseline = raw_sqlite_seconds(data, Path(folder) / "raw.db")
        subprocess.run(
            [*cli, "init", str(project), "--task", "classification", "--labels", "pos,neg"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        startup = timed([sys.executable, "-c", "import ptcore.cli"])
        imported = timed([*cli, "import", str(project), str(data)])
        stats = timed([*cli, "stats", str(project), "--json"])
    print(f"{'measure':<42}{'seconds':>10}{'target':>10}")
    print(f"{'raw sqlite3 executemany (baseline)':<42}{baseline:>10.2f}{'':>10}")
    label = f"ptcore import, {count:,} docs (CLI, whole)"
    print(f"{label:<42}{imported:>10.2f}{'< 20':>10}")
    print(f"{'  of which Python + ptcore start-up':<42}{startup:>10.2f}{'':>10}")
    print(f"{'ptcore stats --json (CLI, whole)':<42}{stats:>10.2f}{'< 1':>10}")
    print(f"import / baseline: {imported / baseline:.1f}x")


if __name__ == "__main__":
    main()
