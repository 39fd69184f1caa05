"""``ptcore.load_model(...).predict(...)``: the same predictions the project stores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ptcore
from ptcore.api import Answer, Classification, Entities
from ptcore.engine.runner import train_project
from ptcore.errors import UserError
from ptcore.store.payload_json import payload_to_json
from ptcore.store.project import Project
from tests.engine.projects import (
    backbone,
    classification_project,
    fast_settings,
    ner_records,
    qa_records,
)


def stored_payloads(project: Project, run_id: int) -> dict[int, dict]:  # type: ignore[type-arg]
    return {p.document_id: payload_to_json(p.payload) for p in project.runs.predictions(run_id)}


def test_importing_ptcore_does_not_load_torch() -> None:
    code = "import sys, ptcore; print('torch' in sys.modules, 'transformers' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
    )
    assert found.stdout.split() == ["False", "False"]


def test_classification_round_trip_equals_stored_predictions(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run = project.runs.get(train_project(project, fast_settings(epochs=3)))
        documents = list(project.records())
        stored = stored_payloads(project, run.id)
    model = ptcore.load_model(project.model_folder(run))
    assert model.labels == ["pos", "neg"]
    results = model.predict([d.text for d in documents], batch_size=4)
    for document, result in zip(documents, results, strict=True):
        assert isinstance(result, Classification)
        assert result.label == stored[document.line]["label"]
        assert result.scores == pytest.approx(stored[document.line]["probabilities"], abs=1e-5)
        assert result.confidence == max(result.scores.values())


def test_ner_round_trip_gives_character_offsets(tmp_path: Path) -> None:
    base = str(backbone(tmp_path / "b"))
    with Project.create(tmp_path / "n.db", "ner", ["PER", "LOC"], base_model=base) as project:
        project.import_records(ner_records(40), Path("x.jsonl"))
        run = project.runs.get(train_project(project, fast_settings(epochs=10)))
        documents = list(project.records())
        stored = stored_payloads(project, run.id)
    model = ptcore.load_model(project.model_folder(run))
    assert sorted(model.labels) == ["LOC", "PER"]
    results = model.predict([d.text for d in documents])
    assert any(isinstance(r, Entities) and r.entities for r in results)
    for document, result in zip(documents, results, strict=True):
        assert isinstance(result, Entities)
        rows = stored[document.line]["entities"]
        assert [(e.start, e.end, e.label) for e in result.entities] == [tuple(r[:3]) for r in rows]
        assert [e.score for e in result.entities] == pytest.approx([r[3] for r in rows], abs=1e-5)
        assert all(e.text == document.text[e.start : e.end] for e in result.entities)


def test_qa_round_trip_takes_context_question_pairs(tmp_path: Path) -> None:
    base = str(backbone(tmp_path / "b"))
    with Project.create(tmp_path / "q.db", "qa", base_model=base) as project:
        project.import_records(qa_records(30), Path("x.jsonl"))
        run = project.runs.get(train_project(project, fast_settings(epochs=2, max_length=48)))
        documents = list(project.records())
        stored = stored_payloads(project, run.id)
    model = ptcore.load_model(project.model_folder(run))
    pairs = [(d.text, d.questions[0].text) for d in documents]
    for document, result in zip(documents, model.predict(pairs), strict=True):
        assert isinstance(result, Answer)
        payload = stored[document.line]
        assert (result.start, result.end, result.text, result.no_answer) == (
            payload["start"],
            payload["end"],
            payload["text"],
            payload["no_answer"],
        )
        assert result.no_answer or result.text == document.text[result.start : result.end]
    with pytest.raises(UserError, match="input 1: a QA model needs"):
        model.predict(["just a text"])  # type: ignore[list-item]


def test_refuses_another_or_a_missing_backbone(tmp_path: Path) -> None:
    with classification_project(tmp_path) as project:
        run = project.runs.get(train_project(project, fast_settings(epochs=1)))
    other = backbone(tmp_path / "other", seed=1)
    with pytest.raises(UserError, match="not the base model this model was trained on"):
        ptcore.load_model(project.model_folder(run), base_model=other)
    with pytest.raises(UserError, match="was not found"):
        ptcore.load_model(project.model_folder(run), base_model=tmp_path / "gone")
    with pytest.raises(UserError, match="not a saved P-tuning model"):
        ptcore.load_model(tmp_path)
    model = ptcore.load_model(project.model_folder(run))
    with pytest.raises(UserError, match="input 2: expected text, got int"):
        model.predict(["fine", 3])  # type: ignore[list-item]
    assert model.predict([]) == []
