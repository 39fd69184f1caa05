"""What an import learned along the way that the user may want to hear about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    is the one thing the caller sets: the bounds the reader holds the file to. ``learned``
    holds what the project should remember of the file (its SQuAD version).
    """

    format: str = ""
    documents: int = 0
    annotations: int = 0
    scheme: str | None = None
    bom_stripped: bool = False
    answers_moved: int = 0
    record_name: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    limits: ReadLimits = field(default_factory=ReadLimits)
    skipped: dict[str, list[int]] = field(default_factory=dict)
    learned: dict[str, Any] = field(default_factory=dict)  # for the project's settings

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

    def skip(self, line: int, reason: str) -> None:
        """A record read but deliberately not handed on (a rejected answer, say)."""
        self.skipped.setdefault(reason, []).append(line)

    @property
    def skipped_count(self) -> int:
        return sum(map(len, self.skipped.values()))

    def skipped_lines(self, limit: int = 20) -> list[str]:
        """One line per reason: how many records, and where the first ``limit`` were."""
        where = self.record_name or "line"
        return [
            f"skipped {len(lines)}: {reason} ({where}s "
            f"{', '.join(map(str, lines[:limit]))}{'…' if len(lines) > limit else ''})"
            for reason, lines in self.skipped.items()
        ]
