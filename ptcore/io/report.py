"""What an import learned along the way that the user may want to hear about."""

from __future__ import annotations

from dataclasses import dataclass, field

from ptcore.io.limits import ReadLimits
from ptcore.records import DocumentRecord


@dataclass
class ImportReport:
    """Counts and warnings filled in while records stream out of a reader.

    Readers learn some things only at the end of a file (the tag scheme, how many
    answers had to be moved), so the report is complete once every record was read.
    ``annotations`` counts document labels, entity spans and questions. ``notes`` say
    what needs no action (the tag scheme, a removed byte-order mark), ``warnings`` what
    the user should check (moved answers, tags that break their scheme). ``limits``
    is the one thing the caller sets: the bounds the reader holds the file to.
    """

    format: str = ""
    documents: int = 0
    annotations: int = 0
    scheme: str | None = None
    bom_stripped: bool = False
    answers_moved: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    limits: ReadLimits = field(default_factory=ReadLimits)

    def count(self, record: DocumentRecord) -> None:
        """Add one record that was handed on to the caller."""
        self.documents += 1
        self.annotations += len(record.labels) + len(record.entities) + len(record.questions)

    def note(self, message: str) -> None:
        """Something learned that needs no action, such as the tag scheme."""
        self.notes.append(message)

    def warn(self, message: str) -> None:
        """Something changed or guessed that the user should check."""
        self.warnings.append(message)
