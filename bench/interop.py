"""Other tools' files in and out: what was read, what was skipped and why, and whether a
round trip gives the same records back. Prints a Markdown table.

Runs on the fixtures in ``tests/io/fixtures`` (small files in each tool's documented
shapes) and on the real datasets in ``../shared/data`` beside the checkout (never
copied into the repository). Run from the repository root:
``python -m bench.interop [data folder]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ptcore.errors import InputFileError, UserError
from ptcore.io import FORMATS, ImportReport, read_records, write_records
from ptcore.io.format_table import KEEPS_SUGGESTIONS
from ptcore.records import DocumentRecord, Task

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "io" / "fixtures"
DATA = ROOT / ".." / "shared" / "data"
# (file, task[, reader options]); the format is always detected, as a user's import would.
FIXTURE_FILES: list[tuple[str, Task] | tuple[str, Task, dict[str, Path]]] = [
    ("prodigy/textcat.jsonl", Task.CLASSIFICATION),
    ("prodigy/choice.jsonl", Task.MULTILABEL),
    ("prodigy/ner.jsonl", Task.NER),
    ("doccano/labels.jsonl", Task.NER),
    ("doccano/v1_annotations.jsonl", Task.NER),
    ("doccano/array.json", Task.NER),
    ("doccano/flair.jsonl", Task.NER),
    ("label_studio/single_task.json", Task.NER),
    ("label_studio/reviews.json", Task.CLASSIFICATION),
    ("label_studio/json_min.json", Task.NER),
    ("label_studio/export.csv", Task.CLASSIFICATION),
    ("label_studio/export.tsv", Task.NER),
    ("label_studio/predictions.json", Task.NER),
    ("label_studio/reviews_titled.json", Task.CLASSIFICATION),
    (
        "label_studio/dialogs.json",
        Task.CLASSIFICATION,
        {"label_config": FIXTURES / "label_studio" / "dialogs_config.xml"},
    ),
    ("yedda/news.txt.ann", Task.NER),
    ("brat/doc1.ann", Task.NER),
    ("brat/discontinuous.ann", Task.NER),
    ("brat/overlap.ann", Task.NER),
    ("webanno/entities.tsv", Task.NER),
    ("columns/conlleval.txt", Task.NER),
    ("columns/germeval.tsv", Task.NER),
    ("columns/io_tags.txt", Task.NER),
    ("columns/suffix_tags.txt", Task.NER),
    ("fasttext/train.txt", Task.MULTILABEL),
    ("squad/dev-v1.1-mini.json", Task.QA),
]
DATA_FILES = [
    ("conll2003/train.txt", Task.NER),
    ("conll2003/valid.txt", Task.NER),
    ("cluener2020/dev.json", Task.NER),
    ("weibo_ner/weiboNER_2nd_conll.dev", Task.NER),
    ("resume_ner/dev.char.bmes", Task.NER),
    ("squad_v1.1/dev-v1.1.articles-00-35.json", Task.QA),
    ("cmrc2018/cmrc2018_trial.json", Task.QA),
    ("cmrc2018/cmrc2018_trial.original-format.json", Task.QA),
    ("sst2/dev.tsv", Task.CLASSIFICATION),
    ("chnsenticorp/dev.tsv", Task.CLASSIFICATION),
]
# Where a format has no writer, the round trip goes through the project's own format.
FALLBACK = {Task.NER: "ner-jsonl", Task.QA: "squad"}
COLUMNS = ["file", "format", "records", "annotations", "suggestions", "skipped", "round trip"]


def content(record: DocumentRecord, suggestions: bool) -> tuple[object, ...]:
    questions = [(q.text, q.answers, q.no_answer, q.external_id) for q in record.questions]
    entities = sorted(record.entities, key=lambda s: (s.start, s.end))
    kept = record.suggestions if suggestions else []
    return record.text, record.labels, entities, questions, kept


def suggested(records: list[DocumentRecord]) -> int:
    """Suggested labels and spans: models' predictions, never gold."""
    return sum(len(s.labels) + len(s.entities) for r in records for s in r.suggestions)


def round_trip(records: list[DocumentRecord], task: Task, name: str, folder: Path) -> str:
    target = name if FORMATS[name].writer else FALLBACK.get(task, "jsonl")
    copy = folder / f"copy-{target}{'' if target == 'brat' else '.out'}"
    write_records(records, copy, task, target)
    again = list(read_records(copy, task, target))
    keeps = target in KEEPS_SUGGESTIONS
    same = [content(r, keeps) for r in again] == [content(r, keeps) for r in records]
    return f"{'equal' if same else 'DIFFERS'} ({target})"


def row(
    path: Path, shown: str, task: Task, folder: Path, options: dict[str, Path] | None = None
) -> list[str]:
    report = ImportReport()
    try:
        records = list(read_records(path, task, report=report, **(options or {})))
    except InputFileError as error:
        where = f"line {error.line}: " if error.line else ""
        return [shown, report.format or "-", *"----", f"refused: {where}{error.problem}"]
    except UserError as error:
        return [shown, report.format or "-", *"----", f"refused: {error}"]
    skipped = "; ".join(f"{len(lines)} {reason}" for reason, lines in report.skipped.items())
    trip = round_trip(records, task, report.format, folder)
    counts = [str(report.documents), str(report.annotations), str(suggested(records))]
    counts.append(skipped or "0")
    return [shown, report.format, *counts, trip]


def print_table(rows: list[list[str]]) -> None:
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for cells in rows:
        print("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    cases = [
        (FIXTURES / case[0], f"fixtures/{case[0]}", case[1], case[2] if len(case) > 2 else None)
        for case in FIXTURE_FILES
    ]
    cases += [
        (data / name, name, task, None) for name, task in DATA_FILES if (data / name).is_file()
    ]
    with tempfile.TemporaryDirectory() as folder:
        print_table(
            [row(path, shown, task, Path(folder), opts) for path, shown, task, opts in cases]
        )


if __name__ == "__main__":
    main()
