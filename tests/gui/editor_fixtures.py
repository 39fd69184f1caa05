"""Helpers for the editor tests: small projects, and a person's mouse and keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QUndoStack

from app.editors import editor_for_task
from app.editors.span_text_view import SpanTextView
from ptcore.records import DocumentRecord, Question
from ptcore.store.project import Project
from ptcore.text_offsets import OffsetMap


def make_project(
    tmp_path: Path,
    task: str,
    labels: list[str],
    texts: list[str],
    questions: list[list[str]] | None = None,
) -> Project:
    project = Project.create(tmp_path / "p.db", task, labels)
    records = [
        DocumentRecord(text, questions=[Question(q) for q in (questions or [[]] * len(texts))[i]])
        for i, text in enumerate(texts)
    ]
    project.import_records(records, Path("test"))
    return project


def make_editor(qtbot, project: Project):  # type: ignore[no-untyped-def]
    stack = QUndoStack()
    editor = editor_for_task(project.task)(project, stack)
    editor.resize(1000, 600)
    qtbot.addWidget(editor)
    editor.show()
    editor._test_stack = stack  # keep the stack alive with the editor
    ids = project.documents.ids()
    editor.set_document(ids[0])
    return editor, stack, ids


def point_at(view: SpanTextView, index: int, inside: float = 0.5) -> QPoint:
    """A viewport point inside character ``index`` (``inside``: 0 = left edge, 1 = right)."""
    offsets = OffsetMap(view.text())
    cursor = QTextCursor(view.document())
    cursor.setPosition(offsets.to_utf16(index))
    left = view.cursorRect(cursor)
    cursor.setPosition(offsets.to_utf16(index + 1))
    right = view.cursorRect(cursor)
    x = left.left() + int((right.left() - left.left()) * inside)
    return QPoint(x, left.center().y())


def drag(qtbot, view: SpanTextView, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Press inside character ``start``, release inside character ``end - 1``."""
    viewport = view.viewport()
    begin, finish = point_at(view, start, 0.3), point_at(view, end - 1, 0.7)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(viewport, pos=QPoint((begin.x() + finish.x()) // 2, finish.y()))
    qtbot.mouseMove(viewport, pos=finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)


def click(qtbot, view: SpanTextView, index: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, index))


def double_click(qtbot, view: SpanTextView, index: int) -> None:  # type: ignore[no-untyped-def]
    pos = point_at(view, index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
