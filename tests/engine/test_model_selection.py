"""Which model a run keeps: dev splits that can rank checkpoints, ties, and the final model."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ptcore.engine import trainer_callback
from ptcore.engine.examples import (
    FINAL,
    MIN_DEV,
    MIN_FOR_CARVED_DEV,
    collect_examples,
)
from ptcore.engine.runner import train_project
from ptcore.engine.trainer import train_model
from ptcore.records import DocumentRecord, Split
from ptcore.store.project import Project
from tests.engine.projects import backbone, classification_project, fast_settings
from tests.engine.test_trainer import Recorder


def project_with(tmp_path: Path, positives: int, negatives: int, dev: int = 0) -> Project:
    records = [
        DocumentRecord(f"good film number {i}", labels=["pos"], labeled=True, split=Split.TRAIN)
        for i in range(positives)
    ]
    records += [
        DocumentRecord(f"bad film number {i}", labels=["neg"], labeled=True, split=Split.TRAIN)
        for i in range(negatives)
    ]
    records += [
        DocumentRecord(f"good dev film {i}", labels=["pos"], labeled=True, split=Split.DEV)
        for i in range(dev)
    ]
    project = Project.create(
        tmp_path / "p.db",
        "classification",
        ["pos", "neg"],
        base_model=str(backbone(tmp_path / "tiny-bert")),
    )
    project.import_records(records, Path("seed.jsonl"))
    return project


def test_carved_dev_has_its_minimum_and_each_class_its_share(tmp_path: Path) -> None:
    with project_with(tmp_path, 150, 50) as project:
        data = collect_examples(project, seed=3)
    assert data.dev_carved and len(data.dev) == 40 and len(data.train) == 160
    assert Counter(r.labels[0] for r in data.dev) == {"pos": 30, "neg": 10}
    assert not {r.line for r in data.dev} & {r.line for r in data.train}


def test_carved_dev_never_falls_below_its_minimum(tmp_path: Path) -> None:
    with project_with(tmp_path, MIN_FOR_CARVED_DEV - 8, 8) as project:
        data = collect_examples(project)
    assert len(data.dev) == MIN_DEV
    assert Counter(r.labels[0] for r in data.dev) == {"pos": 8, "neg": 2}


def test_a_dev_split_too_small_to_rank_trains_with_the_rest(tmp_path: Path) -> None:
    with project_with(tmp_path, 14, 14, dev=2) as project:
        data = collect_examples(project)
    assert data.selection == FINAL and data.dev == [] and len(data.train) == 30
    assert any("too few to rank" in m for m in data.messages)


def test_ties_keep_the_later_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer_callback, "headline", lambda task, values: 1.0)
    with classification_project(tmp_path) as project:
        data, base = collect_examples(project), project.info().base_model
    recorder = Recorder()
    settings = fast_settings(epochs=3, patience=5)
    result = train_model(data, settings, tmp_path / "m", base, recorder)
    steps = [info.step for info in recorder.evals]
    assert len(steps) == 3 and all(info.is_best for info in recorder.evals)
    assert result.best_step == steps[-1]
    assert result.metrics["kept"]["rule"] == "best_dev"
    assert f"at step {steps[-1]} of {steps[-1]}" in result.metrics["kept"]["why"]


def test_patience_counts_ties_as_no_improvement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trainer_callback, "headline", lambda task, values: 0.5)
    with classification_project(tmp_path) as project:
        data, base = collect_examples(project), project.info().base_model
    recorder = Recorder()
    result = train_model(data, fast_settings(epochs=6, patience=2), tmp_path / "m", base, recorder)
    assert len(recorder.evals) == 3 and result.metrics["ended"] == "patience"


def test_thirty_documents_keep_a_model_that_has_trained(tmp_path: Path) -> None:
    with classification_project(tmp_path, train=30, dev=0) as project:
        run_id = train_project(project, fast_settings(epochs=6))
        run = project.runs.get(run_id)
        assert run.training_set["selection"] == FINAL and run.training_set["dev_ids"] == []
    kept = run.metrics["kept"]
    assert kept["rule"] == FINAL and kept["step"] == kept["last_step"] == 24
    assert "final model (step 24)" in kept["why"]
    assert run.status == "finished" and run.metrics["ended"] == "finished"
