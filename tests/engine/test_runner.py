"""Project-level training: the run row, metrics, predictions, evaluation and prediction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.engine.file_predictions import predict_file
from ptcore.engine.runner import evaluate_project, predict_project, train_project
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Split, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.payload_json import payload_to_json
from ptcore.store.project import Project
from tests.engine.projects import (
    backbone,
    classification_project,
    fast_settings,
    ner_records,
    qa_records,
    sentiment_records,
)

# The tests that train run on an SQLite file and on a PostgreSQL database (tests/conftest.py).
ON_BOTH_ENGINES = pytest.mark.usefixtures("database_engine")


@ON_BOTH_ENGINES
def test_train_project_records_run_metrics_and_predictions(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run_id = train_project(project, fast_settings(epochs=3))
        run = project.runs.get(run_id)
        assert run.status == "finished" and run.device == "CPU"
        assert run.model_dir == f"{project.location.name}.models/run-{run_id}"
        assert project.model_folder(run) == (project.models_dir / f"run-{run_id}").resolve()
        assert run.settings["prefix_len"] == 4
        assert run.metrics["trainable"]["fraction"] < 0.1 and "accuracy" in run.metrics
        labeled = project.documents.ids(DocumentFilter(status="labeled"))
        assert sorted(run.training_set["train_ids"] + run.training_set["dev_ids"]) == labeled
        assert len(run.training_set["annotation_hash"]) == 64
        assert [m.epoch for m in project.runs.metrics(run_id)] == [1.0, 2.0, 3.0]
        predictions = project.runs.predictions(run_id)
        assert {p.document_id for p in predictions} == set(project.documents.ids())
        first = predictions[0]
        assert (
            set(payload_to_json(first.payload)) == {"label", "probabilities"}
            and 0 < first.confidence <= 1
        )
        gold = {p.disagrees for p in predictions if p.document_id in labeled}
        assert gold <= {True, False} and None in {p.disagrees for p in predictions}


def test_evaluate_and_predict_project(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run_id = train_project(project, fast_settings(epochs=3))
        result = evaluate_project(project)
        assert result["run"] == run_id and result["split"] == "dev"
        assert result["accuracy"] == project.runs.get(run_id).metrics["accuracy"]
        assert predict_project(project, which="all") == len(project.documents.ids())
        with pytest.raises(UserError, match="test split has no labeled"):
            evaluate_project(project, split="test")


def test_predict_file_outside_a_project(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run_id = train_project(project, fast_settings(epochs=3))
        folder = project.model_folder(project.runs.get(run_id))
    source = tmp_path / "in.txt"
    source.write_text("the movie was good\nthe film was terrible\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert predict_file(folder, source, out) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["text"] == "the movie was good" and "confidence" in rows[0]["predictions"][0]


@pytest.mark.parametrize(
    ("labels", "records", "problem"),
    [
        (["pos", "neg"], [], "No labeled training documents"),
        (["pos", "neg"], [r for r in sentiment_records(12) if r.labels == ["pos"]], "same class"),
    ],
)
def test_early_user_errors(tmp_path: Path, labels, records, problem) -> None:  # type: ignore[no-untyped-def]
    base = str(backbone(tmp_path / "b"))
    with Project.create(tmp_path / "p.db", "classification", labels, base_model=base) as project:
        project.import_records([*records, DocumentRecord("unlabeled text")], Path("x.jsonl"))
        with pytest.raises(UserError, match=problem):
            train_project(project, fast_settings())
        assert project.runs.all() == []


def test_missing_base_model_folder_fails_before_a_run(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        project.update_info(base_model=str(tmp_path / "nowhere"))
        with pytest.raises(UserError, match="not a transformers model folder"):
            train_project(project, fast_settings())
        assert project.runs.all() == []


@ON_BOTH_ENGINES
def test_ner_learns_and_predicts_entities(tmp_path: Path) -> None:
    base = str(backbone(tmp_path / "b"))
    with Project.create(tmp_path / "n.db", "ner", ["PER", "LOC"], base_model=base) as project:
        project.import_records(ner_records(90), Path("x.jsonl"))  # 50+: a dev split
        settings = fast_settings(epochs=10, prefix_init="activations")
        run = project.runs.get(train_project(project, settings))
        assert run.training_set["dev_carved"] and run.metrics["f1"] >= 0.5
        entities = payload_to_json(project.runs.predictions(run.id)[0].payload)["entities"]
        assert all(len(entity) == 4 for entity in entities)


@ON_BOTH_ENGINES
def test_qa_trains_and_stores_one_prediction_per_question(tmp_path: Path) -> None:
    base = str(backbone(tmp_path / "b"))
    with Project.create(tmp_path / "q.db", "qa", base_model=base) as project:
        project.import_records(qa_records(30), Path("x.jsonl"))
        run = project.runs.get(train_project(project, fast_settings(epochs=2, max_length=48)))
        # 9 distinct contexts: too few to rank checkpoints, so the final model is kept
        assert run.status == "finished" and run.metrics["kept"]["rule"] == "final"
        predictions = project.runs.predictions(run.id)
        assert predictions and all(p.question_id is not None for p in predictions)
        assert set(payload_to_json(predictions[0].payload)) == {"start", "end", "text", "no_answer"}


@ON_BOTH_ENGINES
def test_multilabel_tunes_its_threshold(tmp_path: Path) -> None:
    base = str(backbone(tmp_path / "b"))
    records = sentiment_records(90, split=Split.TRAIN)  # 50+: a dev split to tune on
    for record in records:
        record.labels = [*record.labels, "movie"] if "movie" in record.text else record.labels
    with Project.create(
        tmp_path / "m.db", Task.MULTILABEL, ["pos", "neg", "movie"], base_model=base
    ) as project:
        project.import_records(records, Path("x.jsonl"))
        run = project.runs.get(train_project(project, fast_settings(epochs=3)))
        decoding = json.loads((project.model_folder(run) / "ptmodel.json").read_text())["settings"]
        assert 0 < decoding["decoding"]["threshold"] < 1
        assert "labels" in payload_to_json(project.runs.predictions(run.id)[0].payload)
