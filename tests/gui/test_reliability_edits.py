"""Finding 2 in the GUI: an edit the database refuses (another program holds it past the busy
timeout) reaches the person as a message; nothing is half-stored and undo history is kept."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from app.undo import Annotations
from app.undo.entities import AddEntity
from ptcore.db import connection
from ptcore.records import DocumentRecord
from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from ptcore.store.views import Prediction


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "p.db"
    with Project.create(path, "ner", ["PER"]) as created:
        created.import_records([DocumentRecord("Ann met Bob.", line=1)], Path("a.jsonl"))
    with Project(path) as opened:
        yield opened


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another program holds the write lock throughout."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_refused_edit_is_announced_and_nothing_is_stored(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    annotations = Annotations(project, QUndoStack())
    messages: list[str] = []
    annotations.failed.connect(messages.append)
    with locked(project.path):
        assert not annotations.run(AddEntity(annotations, 1, (0, 3), "PER", "Ann"))
    assert messages and "busy" in messages[0] and "Nothing was changed" in messages[0]
    assert not project.documents.get(1).entities and annotations.stack.count() == 0
    assert annotations.run(AddEntity(annotations, 1, (0, 3), "PER", "Ann"))  # once free again


def test_an_undo_the_database_refuses_stays_in_the_history(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    stack = QUndoStack()
    annotations = Annotations(project, stack)
    messages: list[str] = []
    annotations.failed.connect(messages.append)
    assert annotations.run(AddEntity(annotations, 1, (0, 3), "PER", "Ann"))
    with locked(project.path):
        stack.undo()
    qtbot.waitUntil(lambda: stack.index() == 1)  # stepped back to where the store is
    assert "stays in the undo history" in messages[0]
    assert len(project.documents.get(1).entities) == 1 and stack.count() == 1
    stack.undo()
    assert not project.documents.get(1).entities and stack.index() == 0


def test_edits_never_fail_while_predictions_are_stored(qtbot, project: Project) -> None:  # type: ignore[no-untyped-def]
    annotations = Annotations(project, QUndoStack())
    failures: list[str] = []
    annotations.failed.connect(failures.append)
    run_id = project.runs.start({}, {}, "CPU", 0)
    stop = threading.Event()

    def predict() -> None:
        rows = [
            Prediction(
                run_id, 1, None, payload_from_json({"entities": [[0, 3, "PER", 0.9]]}), 0.9, False
            )
        ]
        while not stop.is_set():
            project.runs.replace_predictions(run_id, rows * 50)

    writer = threading.Thread(target=predict)
    writer.start()
    try:
        for _ in range(50):
            assert annotations.run(AddEntity(annotations, 1, (0, 3), "PER", "Ann"))
            annotations.stack.undo()
    finally:
        stop.set()
        writer.join()
    assert failures == []
