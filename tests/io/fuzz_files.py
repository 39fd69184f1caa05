"""Hostile files for every reader: a valid seed file mutated, and the invariant checked.

Shared by the fuzz test (a few dozen files per reader, driven by hypothesis) and by
``bench/fuzz_readers.py`` (a thousand and more per reader). A mutation is a list of
``(operation, where, amount)`` steps, so hypothesis can draw and shrink it and the bench
can draw it from a seeded ``random.Random``. The invariant: an import either succeeds
or raises a ``UserError`` whose message starts with the file's name, changing nothing;
never another exception, never a partial import, never more than linear time.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ptcore.errors import UserError
from ptcore.io.registry import FORMATS, read_records, write_records
from ptcore.records import Answer, DocumentRecord, Question, Span, Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

TASKS = {
    "conll": Task.NER,
    "ner-jsonl": Task.NER,
    "doccano": Task.NER,
    "label-studio": Task.NER,
    "squad": Task.QA,
    "cmrc": Task.QA,
    "qa-jsonl": Task.QA,
    "passages": Task.QA,
    "brat": Task.NER,
    "webanno-tsv": Task.NER,
    "label-studio-min": Task.NER,
    "yedda": Task.NER,
}
HAND_SEEDS = {
    "passages": "Paris is in France.\nIt is big.\n\n北京是中国的首都。\n",
    "brat": "Sony and Ericsson formed a venture.\n",  # the .txt of a pair with no .ann
    "webanno-tsv": "#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|identifier|value\n\n\n"
    "#Text=Ms. Haag plays.\n1-1\t0-3\tMs.\t_\t_\t\n1-2\t4-8\tHaag\t*[1]\tPER[1]\t\n"
    "1-3\t9-14\tplays\t_\t_\t\n1-4\t14-15\t.\t_\t_\t\n",
    "label-studio-min": '[{"id": 1, "text": "Ada wrote", "label": [{"start": 0, "end": 3, '
    '"text": "Ada", "labels": ["PER"]}], "annotation_id": 2, "lead_time": 1.5}]',
    "label-studio-csv": 'annotation_id,id,lead_time,sentiment,text\n1,1,2.5,pos,"Fine, thanks"\n',
    "conll": "-DOCSTART- O\n\nEU B-ORG\nrejects O\nGerman B-MISC\n\n中0 B-GPE\n国1 I-GPE\n",
    "cmrc": json.dumps(
        [
            {
                "context_id": "c1",
                "context_text": "北京是中国的首都。",
                "qas": [{"query_id": "q1", "query_text": "首都?", "answers": ["北京"]}],
            }
        ],
        ensure_ascii=False,
    ),
}
SAMPLES = {
    Task.CLASSIFICATION: [
        DocumentRecord('hello, "world"', labels=["pos"], labeled=True, external_id="7"),
        DocumentRecord("坏天气 😀", labels=["neg"], labeled=True),
    ],
    Task.NER: [
        DocumentRecord(
            "John lives in Paris", [], [Span(0, 4, "PER"), Span(14, 19, "LOC")], [], True
        ),
        DocumentRecord("北京欢迎你", entities=[Span(0, 2, "LOC")], labeled=True),
    ],
    Task.QA: [
        DocumentRecord(
            "Paris is in France.",
            questions=[Question("Where?", [Answer(12, 18)], external_id="q1"), Question("Why?")],
        )
    ],
}
# Things a hostile or careless file holds; ``amount`` scales the repeated ones.
PAYLOADS: list[Callable[[int], bytes]] = [
    lambda n: b"[" * n,
    lambda n: b'{"a":' * n,
    lambda n: b"1" * n,
    lambda n: b"-" + b"9" * n + b"e99999",
    lambda n: b'"\\ud800"',
    lambda n: b"\\udc00",
    lambda n: b"\\ud83d\\ude00",
    lambda n: b"\r",
    lambda n: b"\r\n",
    lambda n: b"\n" * (n % 5 + 1),
    lambda n: b"\x00",
    lambda n: b"\xff\xfe",
    lambda n: "\ufeff".encode(),
    lambda n: b"1" * n + b"x O\n",
    lambda n: b"x" * n,
    lambda n: b'"',
    lambda n: b"{}[],:",
    lambda n: b"\t",
    lambda n: b"NaN",
    lambda n: b"-DOCSTART- O\n",
    lambda n: b"B-X",
    lambda n: "\u2028中".encode(),
    lambda n: b'"label": ["a", ["b"]]',
    lambda n: b'"answer_start": -1',
]
OPERATIONS = ["flip", "delete", "repeat", "insert", "insert", "truncate", "line-ends"]
Step = tuple[str, float, int]


def seed_file(name: str) -> bytes:
    """A small valid file in format ``name``: hand-written, or written by its own writer."""
    if name in HAND_SEEDS:
        return HAND_SEEDS[name].encode()
    writer = FORMATS[name].writer
    if writer is None:
        raise LookupError(f"add a fuzz seed for the import-only format {name}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed"
        write_records(SAMPLES[task_of(name)], path, task_of(name), name)
        return path.read_bytes()


def task_of(name: str) -> Task:
    return TASKS.get(name, Task.CLASSIFICATION)


def importable() -> list[str]:
    return [name for name, spec in FORMATS.items() if spec.reader is not None]


def mutate(data: bytes, steps: list[Step]) -> bytes:
    for operation, where, amount in steps:
        at = int(where * len(data))
        if operation == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([amount % 256]) + data[at + 1 :]
        elif operation == "delete":
            data = data[:at] + data[at + 1 + amount % 16 :]
        elif operation == "repeat":
            data = data[:at] + data[at : at + 1 + amount % 64] * (2 + amount % 3) + data[at:]
        elif operation == "insert":
            payload = PAYLOADS[amount % len(PAYLOADS)](amount)
            data = data[:at] + payload + data[at:]
        elif operation == "truncate":
            data = data[:at]
        elif operation == "line-ends":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", [b"\r", b"\r\n"][amount % 2])
    return data


def random_steps(rng: random.Random, max_amount: int) -> list[Step]:
    """Up to four steps; amounts are mostly small, sometimes up to ``max_amount``."""
    steps = []
    for _ in range(rng.randint(1, 4)):
        amount = rng.choice([rng.randint(0, 300), rng.randint(0, max_amount)])
        steps.append((rng.choice(OPERATIONS), rng.random(), amount))
    return steps


@dataclass
class Outcome:
    kind: str  # accepted, clear error, traceback, hang, partial import
    seconds: float
    detail: str = ""


def budget(size: int) -> float:
    """Seconds a file of ``size`` bytes may take: linear, with room for a loaded machine."""
    return 3.0 + size * 20e-6


def try_import(project: Project, path: Path, name: str) -> Outcome:
    """Import ``path`` as format ``name`` and say how the invariant fared."""
    before = _state(project)
    started = time.perf_counter()
    try:
        records = read_records(path, project.task, name)
        project.import_records(records, path, ImportOptions(add_labels=True))
    except UserError as error:
        kind = "clear error" if str(error).startswith(str(path)) else "traceback"
        outcome = Outcome(kind, time.perf_counter() - started, str(error)[:300])
        if _state(project) != before:
            outcome.kind = "partial import"
        return outcome
    except Exception as error:  # the invariant's breach: report it, do not crash the run
        return Outcome("traceback", time.perf_counter() - started, repr(error)[:300])
    seconds = time.perf_counter() - started
    if seconds > budget(path.stat().st_size):
        return Outcome("hang", seconds, f"{seconds:.1f} s for {path.stat().st_size} bytes")
    return Outcome("accepted", seconds)


def _state(project: Project) -> tuple[int, int, int, int]:
    stats = project.stats()
    return stats["documents"], stats["annotations"], stats["questions"], len(project.labels.all())
