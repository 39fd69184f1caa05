"""Which imported documents count as duplicates, by the policy the user chose.

A labelled corpus repeats sentences ("Reuters", "-- Dhaka Newsroom"), and published
scores count every one, so by default (``exact``) the records of one file are all
kept and only a record whose text *and* annotations equal a document the project
held before the import is a duplicate: what a re-import of the same file produces.
``text`` skips any text already stored or read (for raw text collections); ``none``
keeps everything.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ptcore.db.models import DocumentRow, LabelRow
from ptcore.records import DocumentRecord, Status

Signature = tuple[object, ...]


class Dedupe(StrEnum):
    NONE = "none"
    TEXT = "text"
    EXACT = "exact"


def record_signature(record: DocumentRecord, status: Status) -> Signature:
    """Everything an import stores about a document but its split and id."""
    questions = tuple(
        (q.text, tuple(sorted((a.start, a.end) for a in q.answers)), q.no_answer)
        for q in record.questions
    )
    entities = tuple(sorted((s.start, s.end, s.label) for s in record.entities))
    return (str(status), tuple(sorted(set(record.labels))), entities, questions)


class DuplicateFilter:
    """Remembers what was stored and read so far; answers whether a record repeats it."""

    def __init__(self, session: Session, policy: Dedupe) -> None:
        self.session, self.policy = session, policy
        stored = select(DocumentRow.text_hash) if policy is not Dedupe.NONE else None
        self.stored_hashes = set(session.scalars(stored)) if stored is not None else set()
        self.read_hashes: set[str] = set()
        self.stored_signatures: dict[str, set[Signature]] = {}

    def is_duplicate(self, digest: str, signature: Signature) -> bool:
        """True if the record repeats what the policy compares it with."""
        if self.policy is Dedupe.NONE:
            return False
        if self.policy is Dedupe.TEXT:
            repeated = digest in self.stored_hashes or digest in self.read_hashes
            self.read_hashes.add(digest)
            return repeated
        if digest not in self.stored_signatures:
            self.stored_signatures[digest] = self._stored_signatures(digest)
        return signature in self.stored_signatures[digest]

    def _stored_signatures(self, digest: str) -> set[Signature]:
        if digest not in self.stored_hashes:
            return set()
        names = dict(self.session.execute(select(LabelRow.id, LabelRow.name)).all())
        rows = self.session.scalars(select(DocumentRow).where(DocumentRow.text_hash == digest))
        return {_row_signature(row, names) for row in rows}


def _row_signature(row: DocumentRow, names: dict[int, str]) -> Signature:
    questions = tuple(
        (q.text, tuple(sorted((a.start, a.end) for a in q.answers)), q.no_answer)
        for q in sorted(row.questions, key=lambda q: q.position)
    )
    entities = tuple(sorted((e.start, e.end, names[e.label_id]) for e in row.entities))
    labels = tuple(sorted(names[c.label_id] for c in row.class_labels))
    return (row.status, labels, entities, questions)
