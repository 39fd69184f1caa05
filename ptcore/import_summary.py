"""One import told as lines a person reads: what came in, what was skipped and why (with
line numbers), labels added, notes and warnings. The CLI prints these lines; the GUI shows
them in its import report. It sits above the store (ImportResult) and the file readers
(ImportReport), which know nothing of each other."""

from __future__ import annotations

from ptcore.io.report import ImportReport
from ptcore.store.importing import ImportResult


def import_lines(result: ImportResult, report: ImportReport) -> list[str]:
    """The headline first, then one line per fact, each prefixed by what kind it is."""
    lines = [headline(result)]
    if result.duplicates:
        numbers = ", ".join(map(str, result.duplicate_lines))
        more = ", …" if result.duplicates > len(result.duplicate_lines) else ""
        lines.append(
            f"skipped: {result.duplicates} duplicate documents (text already in the "
            f"project or earlier in the file), lines {numbers}{more}"
        )
    lines += report.skipped_lines()  # records a reader refused, by reason
    if result.imported_runs:
        runs = ", ".join(map(str, result.imported_runs))
        lines.append(
            f"suggestions: {result.suggestions:,} model predictions kept as run {runs} "
            "(imported, shown as suggestions, never gold)"
        )
    if result.labels_added:
        lines.append(f"labels added: {', '.join(result.labels_added)}")
    lines += [f"note: {note}" for note in report.notes]
    lines += [f"warning: {warning}" for warning in [*report.warnings, *result.warnings]]
    return lines


def headline(result: ImportResult) -> str:
    parts = [f"{result.documents:,} documents", f"{result.annotations:,} annotations"]
    if result.questions:
        parts.append(f"{result.questions:,} questions")
    splits = ", ".join(
        f"{split} {count:,}" for split, count in sorted(result.by_split.items()) if count
    )
    return "Imported " + ", ".join(parts) + (f" ({splits})" if splits else "") + "."
