"""The formats the app reads and writes, and the entry points the store and CLI call.

``read_records`` streams records out of a file in any known format, checking that
each fits the project's task; ``write_records`` writes records out; ``detect_format``
names a file's format when the user did not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ptcore.errors import InputFileError, UserError
from ptcore.io.detect import Guess, guess_format, head_bytes
from ptcore.io.format_table import (
    FORMATS,
    READER_OPTIONS,
    RECORD_NAMES,
    WRITER_OPTIONS,
    FormatSpec,
)
from ptcore.io.limits import record_problem
from ptcore.io.refusals import refusals
from ptcore.io.report import ImportReport
from ptcore.records import DocumentRecord, Task
from ptcore.task_shapes import misfit

__all__ = [
    "FORMATS",
    "FormatSpec",
    "ImportReport",
    "detect_format",
    "read_records",
    "write_records",
]


def detect_format(path: str | Path, task: Task | str) -> str:
    """The format of ``path`` by extension and content; UserError if it cannot tell."""
    return explain_format(path, task).name


def explain_format(path: str | Path, task: Task | str) -> Guess:
    """The detected format and the evidence for it."""
    path, task = Path(path), Task(task)
    _require_file(path)
    guess = guess_format(path, task)
    if guess is None:
        tried = "\n".join(f"  {reason}" for reason in refusals(*head_bytes(path)))
        raise UserError(
            f"{path}: cannot tell the file's format. Tried:\n{tried}\n"
            f"Choose one with --format: {', '.join(FORMATS)}"
        )
    if task not in FORMATS[guess.name].tasks:
        raise UserError(
            f"{path} looks like a {guess.name} file ({guess.reason}), "
            f"which {_holds(guess.name, task)}"
        )
    return guess


def read_records(
    path: str | Path,
    task: Task | str,
    format: str | None = None,
    report: ImportReport | None = None,
    text_field: str | None = None,
    tag_column: int | None = None,
    layer: str | None = None,
    text_only: bool = False,
    label_config: Path | None = None,
) -> Iterator[DocumentRecord]:
    """Records from ``path``; the format is detected when not given.

    Format problems are raised at once; problems in the content as the records are read.
    """
    path, task = Path(path), Task(task)
    report = report if report is not None else ImportReport()
    name = format or _detected(path, task, report)
    reader = _spec(name, task).reader
    if reader is None:
        raise UserError(f"{name} files can be exported but not imported")
    _require_file(path)
    report.format = name
    options = _reader_options(
        name, text_field=text_field, tag_column=tag_column, layer=layer, label_config=label_config
    )
    records = reader(path, report, **options)
    if text_only:
        records = (_without_annotations(record) for record in records)
    return _checked(records, path, task, name, report)


def _without_annotations(record: DocumentRecord) -> DocumentRecord:
    """The text alone, when the user asked to leave a file's annotations behind."""
    return DocumentRecord(
        record.text, split=record.split, external_id=record.external_id, line=record.line
    )  # suggestions are annotations too: left behind


def _reader_options(name: str, **given: object) -> dict[str, object]:
    options = {key: value for key, value in given.items() if value is not None}
    for key in options:
        if name not in READER_OPTIONS[key]:
            flag = "--" + key.replace("_", "-")
            allowed = ", ".join(sorted(READER_OPTIONS[key]))
            raise UserError(f"{flag} applies to {allowed} files, not {name}")
    return options


def _detected(path: Path, task: Task, report: ImportReport) -> str:
    guess = explain_format(path, task)
    report.note(f"read as {guess.name}: {guess.reason}")
    return guess.name


def write_records(
    records: Iterable[DocumentRecord],
    path: str | Path,
    task: Task | str,
    format: str,
    squad_version: str | None = None,
) -> int:
    """Write ``records`` in ``format``; returns the number of documents written.

    ``squad_version`` is the version a SQuAD file came in with; other formats ignore it.
    """
    task = Task(task)
    writer = _spec(format, task).writer
    if writer is None:
        raise UserError(f"{format} files can be imported but not exported")
    given = {"squad_version": squad_version}
    options = {k: v for k, v in given.items() if v is not None and format in WRITER_OPTIONS[k]}
    return writer(records, Path(path), task, **options)


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
    """A file, or a folder of brat files (the one format that is a folder)."""
    if not path.is_file() and not (path.is_dir() and any(path.glob("*.ann"))):
        raise UserError(f"{path}: no such file")


def _checked(
    records: Iterator[DocumentRecord], path: Path, task: Task, name: str, report: ImportReport
) -> Iterator[DocumentRecord]:
    for record in records:
        problem = misfit(record, task) or record_problem(record, report.limits)
        if problem:
            raise _located(path, name, record, problem, report)
        report.count(record)
        yield record


def _located(
    path: Path, name: str, record: DocumentRecord, problem: str, report: ImportReport
) -> InputFileError:
    record_name = RECORD_NAMES.get(name) or report.record_name
    if record_name:
        return InputFileError(path, None, f"{record_name} {record.line}: {problem}")
    return InputFileError(path, record.line, problem)
