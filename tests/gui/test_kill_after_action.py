"""SIGKILL right after actions in the GUI: on reopen, everything the screen showed is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ptcore.records import DocumentRecord
from ptcore.store.project import Project

ROOT = Path(__file__).resolve().parents[2]

# Runs in a child process: label by key press in the real editors, print, then die hard.
CHILD = """
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from app.editors import editor_for_task
from ptcore.store.project import Project

app = QApplication([])
project = Project(Path(sys.argv[1]))
editor = editor_for_task(project.task)(project, QUndoStack())
editor.show()
ids = project.documents.ids()
editor.set_document(ids[0])
if project.task == "classification":
    QTest.keyClick(editor, Qt.Key.Key_2)
else:
    editor.view.select_span(0, 4)  # what a drag over "Mary" leaves selected
    QTest.keyClick(editor, Qt.Key.Key_1)
app.processEvents()
print("shown as saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _run_child(project_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(project_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "shown as saved" in result.stdout


def test_classification_label_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Project.create(path, "classification", ["pos", "neg"]) as project:
        project.import_records([DocumentRecord("good film"), DocumentRecord("bad film")], path)
    _run_child(path)
    with Project(path) as project:
        first = project.documents.get(project.documents.ids()[0])
        assert (first.label_names, first.status) == (("neg",), "labeled")


def test_ner_span_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    with Project.create(path, "ner", ["PER", "LOC"]) as project:
        project.import_records([DocumentRecord("Mary went to Rome.")], path)
    _run_child(path)
    with Project(path) as project:
        entities = project.documents.get(project.documents.ids()[0]).entities
        assert [(e.start, e.end, e.label) for e in entities] == [(0, 4, "PER")]
