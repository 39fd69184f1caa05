"""Label Studio predictions imported with a file show in the NER editor as the model's
dashed suggestions through the same hub the window uses, and stay out of the gold."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtCore import Qt

from app.window.predictions import PredictionCache
from ptcore.io import ImportReport, read_records
from ptcore.records import Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project
from tests.gui.editor_fixtures import make_editor
from tests.gui.prediction_fixtures import ghosts

FIXTURE = Path(__file__).parents[1] / "io" / "fixtures" / "label_studio" / "predictions.json"


def test_imported_predictions_are_ghosts_and_accepting_one_is_the_persons_choice(
    qtbot, tmp_path
) -> None:
    project = Project.create(tmp_path / "p.db", "ner", ["PER", "LOC"])
    report = ImportReport()
    records = read_records(FIXTURE, Task.NER, report=report)
    project.import_records(records, FIXTURE, ImportOptions(tool=report.format))
    project.update_info(base_model=str(tmp_path / "no-model"))  # no tokenizer to load
    editor, _stack, ids = make_editor(qtbot, project)
    hub = PredictionCache(project)
    editor.set_predictions(hub.for_document(ids[0]))
    assert ghosts(editor) == [(22, 27, "LOC 0.69")]  # Merkel is gold already
    assert editor.suggestion_count.text().startswith("Model suggestions: 1")
    gold = [(e.start, e.end, e.label, e.source) for e in project.documents.get(ids[0]).entities]
    assert gold == [(0, 13, "PER", "human")]
    with qtbot.waitSignal(editor.annotations_changed):
        qtbot.keyClick(editor, Qt.Key.Key_A)
    accepted = [(e.start, e.end, e.source) for e in project.documents.get(ids[0]).entities]
    assert accepted == [(0, 13, "human"), (22, 27, "model")]
    project.close()
