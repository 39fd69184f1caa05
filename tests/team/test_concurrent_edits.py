"""Four annotator windows (two per name) edit one SQLite team project at once: every edit a
window says it stored is in the file, and conflicts were refused, not overwritten."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

from sqlalchemy import select

from ptcore.db.team_models import AnnotatorEntityRow
from ptcore.errors import ConflictError
from ptcore.store.project import Project
from tests.team.conftest import team_project, texts

WINDOWS, EDITS, DOCUMENTS = 4, 50, 5
TEXT = "a " * (WINDOWS * EDITS)


def _window(path: str, index: int, queue) -> None:  # type: ignore[no-untyped-def]
    annotator, rng = f"ann{index // 2}", random.Random(index)
    stored, conflicts = [], 0
    with Project(Path(path), annotator=annotator) as project:
        for i in range(EDITS):
            document_id, start = rng.randrange(1, DOCUMENTS + 1), 2 * (index % 2 * EDITS + i)
            project.documents.get(document_id)
            while True:
                try:
                    project.annotations.add_entity(document_id, start, start + 1, "X")
                except ConflictError:
                    conflicts += 1
                    project.documents.get(document_id)
                    continue
                stored.append((document_id, start))
                break
    queue.put((annotator, stored, conflicts))


def test_no_edit_is_lost_when_windows_write_at_once(tmp_path: Path) -> None:
    path = team_project(
        tmp_path, "ner", ["X"], texts(*[f"{i} {TEXT}" for i in range(DOCUMENTS)]), overlap=WINDOWS
    )
    context = multiprocessing.get_context("spawn")  # fresh interpreters: sys.executable
    queue = context.Queue()
    windows = [context.Process(target=_window, args=(str(path), i, queue)) for i in range(WINDOWS)]
    for window in windows:
        window.start()
    results = [queue.get(timeout=600) for _ in windows]
    for window in windows:
        window.join(timeout=60)
        assert window.exitcode == 0
    said = sorted((name, doc, start) for name, stored, _ in results for doc, start in stored)
    with Project(path) as project, project.Session() as session:
        rows = session.execute(
            select(
                AnnotatorEntityRow.annotator,
                AnnotatorEntityRow.document_id,
                AnnotatorEntityRow.start,
            )
        ).all()
    assert len(said) == WINDOWS * EDITS
    assert sorted(tuple(row) for row in rows) == said
