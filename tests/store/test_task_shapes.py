"""Task shapes: what a document of each task holds, asked by the readers and the store."""

from __future__ import annotations

import pytest

from ptcore.records import DocumentRecord, Span, Suggestion, Task
from ptcore.task_shapes import SHAPES, misfit, shape_of


def test_every_task_has_one_kind_of_annotation() -> None:
    assert set(SHAPES) == set(Task)
    for shape in SHAPES.values():
        assert [shape.spans, shape.labels, shape.questions].count(True) == 1
    assert shape_of("classification").single_label and shape_of(Task.MULTILABEL).multi_label
    assert not shape_of(Task.NER).multi_label


@pytest.mark.parametrize(
    ("record", "task", "problem"),
    [
        (DocumentRecord("a b", entities=[Span(0, 1, "X")]), Task.QA, "takes no spans"),
        (DocumentRecord("a b", labels=["x"]), Task.NER, "takes none"),
        (DocumentRecord("a b", labels=["x", "y"]), Task.CLASSIFICATION, "takes one"),
        (DocumentRecord("a b", labels=[], labeled=True), Task.CLASSIFICATION, "empty label"),
    ],
)
def test_a_record_that_does_not_fit_says_why(record, task, problem) -> None:  # type: ignore[no-untyped-def]
    assert problem in (misfit(record, task) or "")


def test_records_that_fit_pass() -> None:
    assert misfit(DocumentRecord("a b", labels=["x", "y"]), Task.MULTILABEL) is None
    assert misfit(DocumentRecord("a b", entities=[Span(0, 1, "X")]), Task.NER) is None


def test_suggestions_must_fit_too() -> None:
    record = DocumentRecord("a b", suggestions=[Suggestion("m", 0.9, labels=("x", "y"))])
    assert "suggested labels" in (misfit(record, Task.CLASSIFICATION) or "")
