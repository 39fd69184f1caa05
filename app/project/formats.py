"""The GUI's view of the file-format registry: which formats fit a task, and previews."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from ptcore.io import registry
from ptcore.records import DocumentRecord

PREVIEW_RECORDS = 5
AUTO = ""


def _tasks(info: object) -> tuple[str, ...]:
    tasks = getattr(info, "tasks", None) or (getattr(info, "task", None),)
    return tuple(str(t) for t in tasks if t)


def format_choices(task: str, writing: bool = False) -> list[tuple[str, str]]:
    """(name, description) of every format that can read (or write) ``task`` documents."""
    kind = "writer" if writing else "reader"
    return [
        (name, str(getattr(info, "description", name)))
        for name, info in registry.FORMATS.items()
        if task in _tasks(info) and getattr(info, kind, True) is not None
    ]


def preview_records(
    path: Path, task: str, format: str = AUTO, limit: int = PREVIEW_RECORDS
) -> list[DocumentRecord]:
    """The first few records of ``path``; raises the reader's UserError for a bad file."""
    records = registry.read_records(Path(path), task, format or None)
    try:
        return list(islice(records, limit))
    finally:
        close = getattr(records, "close", None)
        if close:
            close()


def explain(path: Path, task: str) -> str:
    """The detected format and why, for the import dialog; "" if it cannot be told."""
    try:
        guess = registry.explain_format(Path(path), task)
    except Exception:  # detection is a hint only; reading reports real problems
        return AUTO
    return f"{guess.name} ({guess.reason})"


def describe_annotations(record: DocumentRecord) -> str:
    """A one-line summary of what a record carries, for previews."""
    if record.questions:
        answered = sum(bool(q.answers or q.no_answer) for q in record.questions)
        return f"{len(record.questions)} questions, {answered} answered"
    if record.entities:
        return ", ".join(f"{record.text[s.start : s.end]} [{s.label}]" for s in record.entities[:4])
    if record.labels:
        return ", ".join(record.labels)
    return "labeled (none)" if record.labeled else "—"
