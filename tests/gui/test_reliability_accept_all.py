"""Finding 7: "Accept all suggestions" is one transaction; a kill half-way stores none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ptcore.records import DocumentRecord
from ptcore.store.project import Project

SPANS = [(i * 4, i * 4 + 3, "PER") for i in range(8)]
KILLED_AT_FIFTH = """
import os, signal, sys
from PySide6.QtGui import QUndoStack
from app.undo.base import Annotations
from app.undo.entities import AcceptEntities
from ptcore.store.annotations import AnnotationStore
from ptcore.store.project import Project

calls = []
add_entity = AnnotationStore.add_entity

def dies_at_the_fifth(self, *args, **kwargs):
    calls.append(args)
    if len(calls) == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return add_entity(self, *args, **kwargs)

AnnotationStore.add_entity = dies_at_the_fifth
project = Project(sys.argv[1])
annotations = Annotations(project, QUndoStack())
annotations.run(AcceptEntities(annotations, 1, eval(sys.argv[2]), "Accept 8 suggestions"))
"""


def test_a_kill_during_accept_all_leaves_none_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path, "ner", ["PER"]) as project:
        project.import_records(
            [DocumentRecord("Ann Bob Cid Dan Eve Fay Gus Hal.", line=1)], Path("seed.jsonl")
        )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT_FIFTH, str(path), repr(SPANS)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == -9, done.stderr
    with Project(path) as project:
        document = project.documents.get(1)
        assert not document.entities and document.status == "unlabeled"
