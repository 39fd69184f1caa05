"""The project's rules for annotations, shared by single edits and bulk imports."""

from __future__ import annotations

from collections.abc import Iterable

from ptcore.errors import ValidationError
from ptcore.task_shapes import shape_of


def check_span(text: str, start: int, end: int, what: str = "span") -> None:
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            f"The {what} [{start}, {end}) is not inside the text (length {len(text)})."
        )
    if not text[start:end].strip():
        raise ValidationError(f"The {what} [{start}, {end}) covers only white space.")


def find_overlap(
    start: int, end: int, spans: Iterable[tuple[int, int, str]]
) -> tuple[int, int, str] | None:
    """The first existing span that overlaps ``[start, end)``, if any (flat NER)."""
    for other in spans:
        if start < other[1] and other[0] < end:
            return other
    return None


def check_no_overlap(
    text: str, start: int, end: int, spans: Iterable[tuple[int, int, str]]
) -> None:
    other = find_overlap(start, end, spans)
    if other is not None:
        raise ValidationError(
            f"{text[start:end]!r} [{start}, {end}) overlaps the {other[2]} entity "
            f"{text[other[0] : other[1]]!r} [{other[0]}, {other[1]})."
        )


def check_labels_known(labels: Iterable[str], known: set[str]) -> None:
    unknown = sorted(set(labels) - known)
    if unknown:
        raise ValidationError(f"Unknown label(s): {', '.join(unknown)}.")


def check_single_label(task: str, labels: list[str]) -> None:
    if shape_of(task).single_label and len(set(labels)) > 1:
        raise ValidationError(
            f"A single-label project takes one label per document, got {', '.join(labels)}."
        )
