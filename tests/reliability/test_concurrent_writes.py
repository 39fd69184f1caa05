"""Finding 2: edits made while a training worker stores predictions are never refused."""

from __future__ import annotations

import threading
from pathlib import Path

from ptcore.records import DocumentRecord
from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from ptcore.store.views import Prediction


def _project(path: Path, documents: int) -> Project:
    project = Project.create(path, "ner", ["PER"])
    records = [DocumentRecord(f"Document number {i} about Ann.", line=i) for i in range(documents)]
    project.import_records(records, Path("seed.jsonl"))
    return project


def _write_predictions(project: Project, run_id: int, stop: threading.Event) -> None:
    ids = project.documents.ids()
    payload = payload_from_json({"entities": [[0, 8, "PER", 0.9]]})
    while not stop.is_set():
        project.runs.replace_predictions(
            run_id, [Prediction(run_id, i, None, payload, 0.9, False) for i in ids]
        )


def test_edits_succeed_under_a_continuous_prediction_writer(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.db", 200)
    run_id = project.runs.start({}, {}, "CPU", 0)
    stop = threading.Event()
    writer = threading.Thread(target=_write_predictions, args=(project, run_id, stop))
    writer.start()
    failures = []
    try:
        document_id = project.documents.ids()[0]
        for _ in range(100):
            try:
                entity = project.annotations.add_entity(document_id, 0, 8, "PER")
                project.annotations.remove_entity(entity)
            except Exception as error:
                failures.append(error)
    finally:
        stop.set()
        writer.join()
    project.close()
    assert failures == []
