"""Read every real dataset in ../shared/data, export it and read it back; print a table.

Not a unit test: the data are large, some are research-only, and they live outside the
repository. Run from the repository root: ``python -m bench.io_real_data [data folder]``
(default: ``PTS_BENCH_DATA``, else ``../shared/data`` beside the checkout).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.shared_data import DATA
from ptcore.errors import InputFileError
from ptcore.io import FORMATS, ImportReport, read_records, write_records
from ptcore.records import DocumentRecord, Task

# (dataset file, task, format to write for the round trip; None: the format read)
DATASETS = [
    ("conll2003/train.txt", Task.NER, None),
    ("conll2003/valid.txt", Task.NER, None),
    ("cluener2020/train.json", Task.NER, None),
    ("cluener2020/dev.json", Task.NER, None),
    ("weibo_ner/weiboNER_2nd_conll.train", Task.NER, None),
    ("weibo_ner/weiboNER_2nd_conll.dev", Task.NER, None),
    ("weibo_ner/weiboNER_2nd_conll.test", Task.NER, None),
    ("resume_ner/train.char.bmes", Task.NER, None),
    ("resume_ner/dev.char.bmes", Task.NER, None),
    ("squad_v1.1/dev-v1.1.articles-00-35.json", Task.QA, None),
    ("cmrc2018/cmrc2018_trial.json", Task.QA, None),
    ("cmrc2018/cmrc2018_trial.original-format.json", Task.QA, "squad"),
    ("sst2/train.tsv", Task.CLASSIFICATION, None),
    ("sst2/dev.tsv", Task.CLASSIFICATION, None),
    ("chnsenticorp/train.tsv", Task.CLASSIFICATION, None),
    ("chnsenticorp/dev.tsv", Task.CLASSIFICATION, None),
]
COLUMNS = ["dataset", "format", "scheme", "documents", "annotations"]
COLUMNS += ["read_s", "round_trip", "trip_s", "warnings"]


def content(record: DocumentRecord) -> tuple[object, ...]:
    """What a round trip must keep: text, labels, spans, questions and answers."""
    questions = [(q.text, q.answers, q.no_answer, q.external_id) for q in record.questions]
    entities = sorted(record.entities, key=lambda s: (s.start, s.end))
    return record.text, record.labels, entities, questions, record.external_id


def round_trip(records: list[DocumentRecord], task: Task, name: str, folder: Path) -> str:
    """Export in ``name`` and read the copy back, detecting its format as a user would."""
    copy = folder / f"copy.{name}"
    write_records(records, copy, task, name)
    again = list(read_records(copy, task))
    if [content(r) for r in again] == [content(r) for r in records]:
        return f"ok ({name})"
    changed = sum(a != b for a, b in zip(map(content, again), map(content, records), strict=False))
    return f"DIFFERS ({name}: {len(again)} back, {changed} changed)"


def measure(
    data: Path, relative: str, task: Task, export_as: str | None, folder: Path
) -> list[str]:
    report = ImportReport()
    started = time.perf_counter()
    try:
        records = list(read_records(data / relative, task, report=report))
    except InputFileError as error:
        return [relative, report.format, *["-"] * 6, f"ERROR line {error.line}: {error.problem}"]
    read_seconds = time.perf_counter() - started
    name = export_as or report.format
    trip = round_trip(records, task, name, folder) if FORMATS[name].writer else "no writer"
    trip_seconds = time.perf_counter() - started - read_seconds
    first = f": {report.warnings[0][:60]}" if report.warnings else ""
    counts = [str(report.documents), str(report.annotations), f"{read_seconds:.2f}"]
    times = [trip, f"{trip_seconds:.2f}", f"{len(report.warnings)}{first}"]
    return [relative, report.format, report.scheme or "", *counts, *times]


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [list(COLUMNS), *rows]) for i in range(len(COLUMNS) - 1)]
    for row in [list(COLUMNS), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print(" | ".join([*cells, row[-1]]))


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(data, *dataset, Path(folder)) for dataset in DATASETS]
    print_table(rows)


if __name__ == "__main__":
    main()
