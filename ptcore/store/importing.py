"""Bulk import of records into a project: streaming, validated, all-or-nothing.

The whole import is one transaction: on any error (bad record, unknown labels, the
user cancelling) it rolls back and the project is exactly as before. Rows go in with
Core bulk inserts, so 100,000 short documents take seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ptcore.db.models import (
    AnswerRow,
    Base,
    ClassLabelRow,
    DocumentRow,
    EntityRow,
    LabelRow,
    ProjectRow,
    QuestionRow,
    table,
)
from ptcore.errors import InputFileError, UserError, ValidationError
from ptcore.records import DocumentRecord, Source, Split, Status, Task
from ptcore.store import validation
from ptcore.store.duplicates import Dedupe, DuplicateFilter, record_signature
from ptcore.store.imported_runs import SuggestionStore, suggested_labels
from ptcore.store.labels import add_label, validate_name
from ptcore.store.splits import split_for, text_hash
from ptcore.task_shapes import shape_of

CHUNK = 2000
MAX_REPORTED_DUPLICATES = 20


class ImportCancelled(Exception):
    """The user stopped the import; nothing was stored. Not an error."""


@dataclass
class ImportResult:
    documents: int = 0
    annotations: int = 0
    questions: int = 0
    duplicates: int = 0
    duplicate_lines: list[int] = field(default_factory=list)
    dedupe: Dedupe = Dedupe.EXACT
    labels_added: list[str] = field(default_factory=list)
    suggestions: int = 0  # another tool's model predictions, stored as imported runs
    imported_runs: list[int] = field(default_factory=list)
    by_split: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.documents} documents", f"{self.annotations} annotations"]
        if self.questions:
            parts.append(f"{self.questions} questions")
        if self.duplicates:
            lines = ", ".join(map(str, self.duplicate_lines))
            more = "…" if self.duplicates > len(self.duplicate_lines) else ""
            same = "text" if self.dedupe is Dedupe.TEXT else "text and annotations as stored"
            parts.append(f"{self.duplicates} duplicates skipped (same {same}; lines {lines}{more})")
        if self.labels_added:
            parts.append(f"labels added: {', '.join(self.labels_added)}")
        return "Imported " + "; ".join(parts) + "."


@dataclass
class ImportOptions:
    split: Split | None = None
    add_labels: bool = False
    dedupe: Dedupe = Dedupe.EXACT
    annotator: str = ""
    tool: str = ""  # the file's format, named in the runs that hold its predictions
    learned: dict[str, Any] | None = None  # the reader's facts to keep in project settings
    progress: Callable[[int], None] | None = None
    should_stop: Callable[[], bool] | None = None


class _Importer:
    """State of one import inside its transaction."""

    def __init__(self, session: Session, task: Task, source: Path, options: ImportOptions) -> None:
        self.session, self.task, self.source, self.options = session, task, source, options
        self.labels = dict(session.execute(select(LabelRow.name, LabelRow.id)).all())
        self.may_add_labels = options.add_labels or not self.labels
        self.unknown_labels: dict[str, None] = {}
        self.duplicates = DuplicateFilter(session, Dedupe(options.dedupe))
        self.result = ImportResult(dedupe=Dedupe(options.dedupe))
        self.suggestions = SuggestionStore(session, task, source, options.tool)

    def run(self, records: Iterable[DocumentRecord]) -> ImportResult:
        seen = 0
        for chunk in _chunks(iter(records), CHUNK):
            self._store_chunk([r for r in chunk if self._accept(r)])
            seen += len(chunk)
            if self.options.progress:
                self.options.progress(seen)
            if self.options.should_stop and self.options.should_stop():
                raise ImportCancelled()
        if self.unknown_labels:
            raise UserError(
                f"{self.source}: labels not in the project: {', '.join(self.unknown_labels)}. "
                "Add them first, or import with --add-labels."
            )
        if seen == 0:
            raise InputFileError(self.source, None, "no documents found")
        self.result.suggestions = self.suggestions.count
        self.result.imported_runs = self.suggestions.store()
        self._remember(self.options.learned or {})
        return self.result

    def _remember(self, learned: dict[str, Any]) -> None:
        """Keep what the reader learned about the file (its SQuAD version) for the export."""
        if learned:
            project = self.session.scalars(select(ProjectRow)).one()
            project.settings = {**project.settings, **learned}

    def _accept(self, record: DocumentRecord) -> bool:
        """Validate a record and register its labels; False for a duplicate."""
        try:
            self._validate(record)
        except ValidationError as error:
            raise InputFileError(self.source, record.line, str(error)) from None
        signature = record_signature(record, _status(record))
        if self.duplicates.is_duplicate(text_hash(record.text), signature):
            self.result.duplicates += 1
            if len(self.result.duplicate_lines) < MAX_REPORTED_DUPLICATES:
                self.result.duplicate_lines.append(record.line)
            return False
        return True

    def _validate(self, record: DocumentRecord) -> None:
        if not record.text.strip():
            raise ValidationError("the text is empty")
        if shape_of(self.task).labels:
            validation.check_single_label(self.task, record.labels)
        spans = sorted(record.entities, key=lambda span: (span.start, span.end))
        for index, span in enumerate(spans):
            validation.check_span(record.text, span.start, span.end, "entity")
            validation.check_no_overlap(
                record.text,
                span.start,
                span.end,
                [(s.start, s.end, s.label) for s in spans[:index]],
            )
        for question in record.questions:
            for answer in question.answers:
                validation.check_span(record.text, answer.start, answer.end, "answer")
        for span, _confidence in (pair for s in record.suggestions for pair in s.entities):
            validation.check_span(record.text, span.start, span.end, "suggested entity")
        gold = [*record.labels, *(span.label for span in record.entities)]
        for name in [*gold, *suggested_labels(record)]:
            self._label_id(name)

    def _label_id(self, name: str) -> int | None:
        if name in self.labels:
            return self.labels[name]
        if not self.may_add_labels:
            self.unknown_labels.setdefault(name, None)
            return None
        self.labels[name] = add_label(self.session, validate_name(name)).id
        self.result.labels_added.append(name)
        return self.labels[name]

    def _store_chunk(self, records: list[DocumentRecord]) -> None:
        if not records or self.unknown_labels:
            return
        ids = self._insert_documents([self._document_row(record) for record in records])
        self._insert(
            ClassLabelRow,
            [
                self._provenance(document_id=doc_id, label_id=self.labels[name])
                for doc_id, record in zip(ids, records, strict=True)
                for name in dict.fromkeys(record.labels)
            ],
        )
        self._insert(
            EntityRow,
            [
                self._provenance(
                    document_id=doc_id, start=s.start, end=s.end, label_id=self.labels[s.label]
                )
                for doc_id, record in zip(ids, records, strict=True)
                for s in record.entities
            ],
        )
        self._store_questions(ids, records)
        for doc_id, record in zip(ids, records, strict=True):
            self.suggestions.add(doc_id, record)
        self.result.documents += len(records)

    def _store_questions(self, ids: list[int], records: list[DocumentRecord]) -> None:
        for doc_id, record in zip(ids, records, strict=True):
            for position, question in enumerate(record.questions):
                question_id = self.session.scalar(
                    insert(QuestionRow)
                    .returning(QuestionRow.id)
                    .values(
                        document_id=doc_id,
                        text=question.text,
                        position=position,
                        no_answer=question.no_answer,
                        external_id=question.external_id,
                    )
                )
                self._insert(
                    AnswerRow,
                    [
                        self._provenance(question_id=question_id, start=a.start, end=a.end)
                        for a in question.answers
                    ],
                )
                self.result.questions += 1
                self.result.annotations += bool(question.answers or question.no_answer)

    def _insert_documents(self, rows: list[dict[str, object]]) -> list[int]:
        """One executemany, then derive the ids: inside this write transaction nobody else
        can insert, and SQLite gives each new row max(id) + 1 in turn. A server's sequence
        is shared with other writers, so there the ids come back with the rows, in order."""
        connection = self.session.connection()
        if connection.dialect.name != "sqlite":
            returning = insert(table(DocumentRow)).returning(
                table(DocumentRow).c.id, sort_by_parameter_order=True
            )
            return list(connection.execute(returning, rows).scalars())
        connection.execute(insert(table(DocumentRow)), rows)
        last = self.session.scalar(select(func.max(DocumentRow.id))) or 0
        return list(range(last - len(rows) + 1, last + 1))

    def _insert(self, model: type[Base], rows: list[dict[str, object]]) -> None:
        if rows:
            self.session.connection().execute(insert(table(model)), rows)
            if model is not AnswerRow:
                self.result.annotations += len(rows)

    def _provenance(self, **values: object) -> dict[str, object]:
        return {**values, "source": Source.HUMAN, "annotator": self.options.annotator}

    def _document_row(self, record: DocumentRecord) -> dict[str, object]:
        digest = text_hash(record.text)
        split = self.options.split or record.split or split_for(digest)
        self.result.by_split[split] = self.result.by_split.get(split, 0) + 1
        return {
            "text": record.text,
            "text_hash": digest,
            "split": split,
            "split_is_manual": bool(self.options.split or record.split),
            "status": _status(record),
            "external_id": record.external_id,
        }


def _status(record: DocumentRecord) -> Status:
    if record.questions:
        resolved = all(q.no_answer or q.answers for q in record.questions)
        return Status.LABELED if resolved else Status.UNLABELED
    return Status.LABELED if record.labeled else Status.UNLABELED


def _chunks(items: Iterator[DocumentRecord], size: int) -> Iterator[list[DocumentRecord]]:
    while chunk := list(islice(items, size)):
        yield chunk


def import_records(
    session: Session,
    task: Task,
    records: Iterable[DocumentRecord],
    source: Path,
    options: ImportOptions,
) -> ImportResult:
    return _Importer(session, task, source, options).run(records)
