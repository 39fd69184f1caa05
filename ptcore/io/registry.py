"""The formats the app reads and writes, and the entry points the store and CLI call.

``read_records`` streams records out of a file in any known format, checking that
each fits the project's task; ``write_records`` writes records out; ``detect_format``
names a file's format when the user did not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from ptcore.errors import InputFileError, UserError
from ptcore.io.classification_formats import read_jsonl, read_txt, write_jsonl, write_txt
from ptcore.io.cmrc import read_cmrc
from ptcore.io.conll import read_conll, write_conll
from ptcore.io.delimited import read_csv, read_tsv, write_csv, write_tsv
from ptcore.io.detect import guess_format
from ptcore.io.doccano import read_doccano, write_doccano
from ptcore.io.hf_jsonl import write_hf_jsonl
from ptcore.io.jsonl_spans import read_ner_jsonl, write_ner_jsonl
from ptcore.io.label_studio import read_label_studio, write_label_studio
from ptcore.io.limits import record_problem
from ptcore.io.qa_jsonl import read_qa_jsonl, write_qa_jsonl
from ptcore.io.report import ImportReport
from ptcore.io.squad import read_squad, write_squad
from ptcore.records import DocumentRecord, Task

__all__ = [
    "FORMATS",
    "FormatSpec",
    "ImportReport",
    "detect_format",
    "read_records",
    "write_records",
]

Reader = Callable[[Path, ImportReport | None], Iterator[DocumentRecord]]
Writer = Callable[[Iterable[DocumentRecord], Path, Task], int]
PlainWriter = Callable[[Iterable[DocumentRecord], Path], int]


class FormatSpec(NamedTuple):
    tasks: frozenset[Task]
    reader: Reader | None
    writer: Writer | None
    description: str


def _any_task(write: PlainWriter) -> Writer:
    """Adapt a writer whose output does not depend on the task."""
    return lambda records, path, task: write(records, path)


def _jsonl_writer(records: Iterable[DocumentRecord], path: Path, task: Task) -> int:
    return write_jsonl(records, path, multilabel=task is Task.MULTILABEL)


CLASSES = frozenset({Task.CLASSIFICATION, Task.MULTILABEL})
LABELING = CLASSES | {Task.NER}
NER = frozenset({Task.NER})
QA = frozenset({Task.QA})
FORMATS: Mapping[str, FormatSpec] = MappingProxyType(
    {
        "csv": FormatSpec(
            CLASSES,
            read_csv,
            _any_task(write_csv),
            "CSV: text,label[,label...]; header row optional",
        ),
        "tsv": FormatSpec(
            CLASSES,
            read_tsv,
            _any_task(write_tsv),
            "TSV without quoting (GLUE style); header row optional",
        ),
        "jsonl": FormatSpec(
            CLASSES, read_jsonl, _jsonl_writer, 'JSON Lines {"text", "label": "x" or ["x", ...]}'
        ),
        "txt": FormatSpec(
            LABELING, read_txt, _any_task(write_txt), "plain text, one unlabeled document per line"
        ),
        "conll": FormatSpec(
            NER,
            read_conll,
            _any_task(write_conll),
            "token-per-line columns, tag last; IOB1/IOB2/BIOES/BMES in, IOB2 out",
        ),
        "ner-jsonl": FormatSpec(
            NER,
            read_ner_jsonl,
            _any_task(write_ner_jsonl),
            'JSON Lines {"text", "entities": [[start, end, "type"]]}; CLUENER too',
        ),
        "doccano": FormatSpec(
            LABELING,
            read_doccano,
            _any_task(write_doccano),
            "doccano JSONL export (sequence labeling or classification)",
        ),
        "label-studio": FormatSpec(
            LABELING,
            read_label_studio,
            _any_task(write_label_studio),
            "Label Studio JSON export (labels and choices results)",
        ),
        "squad": FormatSpec(
            QA,
            read_squad,
            _any_task(write_squad),
            "SQuAD v1.1/v2.0 JSON (CMRC 2018 squad-style too)",
        ),
        "cmrc": FormatSpec(
            QA, read_cmrc, None, "original CMRC 2018 JSON (answers without offsets)"
        ),
        "qa-jsonl": FormatSpec(
            QA,
            read_qa_jsonl,
            _any_task(write_qa_jsonl),
            "JSON Lines, one question per line, Hugging Face squad shape",
        ),
        "hf-jsonl": FormatSpec(
            CLASSES | NER | QA,
            None,
            write_hf_jsonl,
            "Hugging Face datasets JSON Lines for training (export only)",
        ),
    }
)
# Whole-JSON formats number records, not lines: name the record in messages instead.
RECORD_NAMES = {"label-studio": "task", "squad": "paragraph", "cmrc": "context"}


def detect_format(path: str | Path, task: Task | str) -> str:
    """The format of ``path`` by extension and content; UserError if it cannot tell."""
    path, task = Path(path), Task(task)
    _require_file(path)
    name = guess_format(path, task)
    if name is None:
        raise UserError(
            f"{path}: cannot tell the file's format; choose one of {', '.join(FORMATS)}"
        )
    if task not in FORMATS[name].tasks:
        raise UserError(f"{path} looks like a {name} file, which {_holds(name, task)}")
    return name


def read_records(
    path: str | Path,
    task: Task | str,
    format: str | None = None,
    report: ImportReport | None = None,
) -> Iterator[DocumentRecord]:
    """Records from ``path``; the format is detected when not given.

    Format problems are raised at once; problems in the content as the records are read.
    """
    path, task = Path(path), Task(task)
    name = format or detect_format(path, task)
    reader = _spec(name, task).reader
    if reader is None:
        raise UserError(f"{name} files can be exported but not imported")
    _require_file(path)
    report = report if report is not None else ImportReport()
    report.format = name
    return _checked(reader(path, report), path, task, name, report)


def write_records(
    records: Iterable[DocumentRecord], path: str | Path, task: Task | str, format: str
) -> int:
    """Write ``records`` in ``format``; returns the number of documents written."""
    task = Task(task)
    writer = _spec(format, task).writer
    if writer is None:
        raise UserError(f"{format} files can be imported but not exported")
    return writer(records, Path(path), task)


def _spec(name: str, task: Task) -> FormatSpec:
    spec = FORMATS.get(name)
    if spec is None:
        raise UserError(f'unknown format "{name}"; choose one of {", ".join(FORMATS)}')
    if task not in spec.tasks:
        raise UserError(f"a {name} file {_holds(name, task)}")
    return spec


def _holds(name: str, task: Task) -> str:
    return f"holds {' or '.join(sorted(FORMATS[name].tasks))} data, not {task}"


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"{path}: no such file")


def _checked(
    records: Iterator[DocumentRecord], path: Path, task: Task, name: str, report: ImportReport
) -> Iterator[DocumentRecord]:
    for record in records:
        problem = _misfit(record, task) or record_problem(record, report.limits)
        if problem:
            raise _located(path, name, record, problem)
        report.count(record)
        yield record


def _misfit(record: DocumentRecord, task: Task) -> str | None:
    """Why a record cannot go into a project of ``task``, if it cannot."""
    if record.entities and task is not Task.NER:
        return f"has entity spans, but a {task} project takes no spans"
    if record.labels and task not in CLASSES:
        return f"has document labels, but a {task} project takes none"
    if record.questions and task is not Task.QA:
        return f"has questions, but a {task} project takes none"
    if task is Task.CLASSIFICATION and len(record.labels) > 1:
        names = ", ".join(record.labels)
        return f"has {len(record.labels)} labels ({names}), but a single-label project takes one"
    if task is Task.CLASSIFICATION and record.labeled and not record.labels:
        return "has an empty label list; a single-label project needs one (leave it out for none)"
    return None


def _located(path: Path, name: str, record: DocumentRecord, problem: str) -> InputFileError:
    if name in RECORD_NAMES:
        return InputFileError(path, None, f"{RECORD_NAMES[name]} {record.line}: {problem}")
    return InputFileError(path, record.line, problem)
