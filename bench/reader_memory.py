"""Peak memory of reading (and importing) a large generated file, one child process each.

``python -m bench.reader_memory [--mb 200] [--formats squad,label-studio,cmrc,qa-jsonl]
[--import]`` writes a file of about that size per format into a temporary folder, then
runs a fresh Python that reads every record (and with ``--import`` stores them in a
new project) and prints its peak resident set size (``ru_maxrss``). Point PYTHONPATH at
another checkout to measure that code instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

CHILD = """
import resource, sys, time
from pathlib import Path
from ptcore.io import read_records
path, task, fmt, project = sys.argv[1:5]
start = time.perf_counter()
if project:
    from ptcore.store.project import Project
    with Project.create(Path(project), task) as p:
        result = p.import_records(read_records(path, task, fmt), Path(path))
    count = result.documents
else:
    count = sum(1 for _ in read_records(path, task, fmt))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{count} {time.perf_counter() - start:.1f} {peak:.0f}")
"""
SENTENCE = "The quick brown fox {n} jumps over the lazy dog near river {m}. "


def paragraphs(count: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        context = "".join(SENTENCE.format(n=n, m=m) for m in range(12))
        qas = [
            {
                "id": f"{n}-{q}",
                "question": f"Where does fox {n} jump, question {q}?",
                "answers": [{"text": f"river {q}", "answer_start": context.index(f"river {q}.")}],
            }
            for q in range(5)
        ]
        yield {"context": context, "qas": qas}


def write_list(out: TextIO, items: Iterator[Any]) -> None:
    out.write("[")
    for index, item in enumerate(items):
        out.write(("," if index else "") + json.dumps(item))
    out.write("]")


def write_file(path: Path, fmt: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        if fmt == "squad":
            out.write('{"version": "v1.1", "data": ')
            articles = (
                {"title": str(n), "paragraphs": [p]} for n, p in enumerate(paragraphs(count))
            )
            write_list(out, articles)
            out.write("}")
        elif fmt == "label-studio":
            write_list(
                out,
                (
                    {
                        "id": n,
                        "data": {"text": p["context"]},
                        "annotations": [
                            {"result": [{"type": "choices", "value": {"choices": ["pos"]}}]}
                        ],
                    }
                    for n, p in enumerate(paragraphs(count))
                ),
            )
        elif fmt == "cmrc":
            write_list(
                out,
                (
                    {
                        "context_id": str(n),
                        "context_text": p["context"],
                        "qas": [
                            {
                                "query_id": q["id"],
                                "query_text": q["question"],
                                "answers": [q["answers"][0]["text"]],
                            }
                            for q in p["qas"]
                        ],
                    }
                    for n, p in enumerate(paragraphs(count))
                ),
            )
        else:
            for p in paragraphs(count):
                for q in p["qas"]:
                    answers = {
                        "text": [q["answers"][0]["text"]],
                        "answer_start": [q["answers"][0]["answer_start"]],
                    }
                    line = {
                        "id": q["id"],
                        "context": p["context"],
                        "question": q["question"],
                        "answers": answers,
                    }
                    out.write(json.dumps(line) + "\n")


TASKS = {"squad": "qa", "label-studio": "classification", "cmrc": "qa", "qa-jsonl": "qa"}
# Bytes per generated paragraph, roughly, so --mb sets the file size.
PARAGRAPH_BYTES = {"squad": 1310, "label-studio": 830, "cmrc": 1050, "qa-jsonl": 4250}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--formats", default="squad,label-studio,cmrc,qa-jsonl")
    parser.add_argument("--import", dest="store", action="store_true")
    args = parser.parse_args()
    print("format | file MB | documents | seconds | peak RSS MB | what")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            path = Path(folder) / f"big.{fmt}"
            write_file(path, fmt, args.mb * 1_000_000 // PARAGRAPH_BYTES[fmt])
            project = str(Path(folder) / f"{fmt}.ptproj") if args.store else ""
            started = time.perf_counter()
            child = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), TASKS[fmt], fmt, project],
                capture_output=True,
                text=True,
                env=os.environ,
                check=False,
            )
            if child.returncode:
                print(
                    f"{fmt}: failed after {time.perf_counter() - started:.0f} s:",
                    child.stderr[-300:],
                )
                continue
            count, seconds, peak = child.stdout.split()
            size = path.stat().st_size / 1e6
            what = "import" if args.store else "read"
            print(f"{fmt} | {size:.0f} | {count} | {seconds} | {peak} | {what}")
            path.unlink()


if __name__ == "__main__":
    main()
