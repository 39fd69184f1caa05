"""``python -m ptcore train/eval/predict`` on a tiny project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.engine.checkpoint import read_meta
from ptcore.store.project import Project
from tests.engine.projects import classification_project

FAST = [
    "--epochs",
    "2",
    "--prefix-len",
    "4",
    "--lr",
    "0.05",
    "--batch-size",
    "8",
    "--max-length",
    "32",
    "--device",
    "cpu",
]


@pytest.fixture
def trained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    classification_project(tmp_path).close()
    path = tmp_path / "cls.db"
    assert main(["train", str(path), *FAST]) == 0
    captured = capsys.readouterr()
    assert "Run 1 finished on CPU" in captured.out and "Trainable parameters" in captured.out
    assert "eval step" in captured.err and "step 12/12" in captured.err
    return path


def test_eval_json_has_task_run_split_and_headline_fractions(
    trained: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(trained), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["task"] == "classification" and result["run"] == 1 and result["split"] == "dev"
    assert 0.0 <= result["accuracy"] <= 1.0 and 0.0 <= result["macro_f1"] <= 1.0


def test_predict_stores_predictions(trained: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["predict", str(trained), "--all"]) == 0
    assert "Stored predictions for" in capsys.readouterr().out
    with Project(trained) as project:
        assert len(project.runs.predictions(1)) == len(project.documents.ids())


def test_predict_with_model_labels_a_file(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "new.txt"
    source.write_text("the book is good\n", encoding="utf-8")
    model_dir = trained.with_name("cls.models") / "run-1"
    assert main(["predict", "--model", str(model_dir), str(source)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["predictions"][0]["label"] in ("pos", "neg")


def test_errors_are_one_line_and_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classification_project(tmp_path).close()
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "cls.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: No finished training run") and err.count("\n") == 1
    assert main(["train", str(tmp_path / "cls.db"), "--epochs", "0"]) == 1
    assert "epochs must be positive" in capsys.readouterr().err


def test_train_biases_is_a_train_option_kept_with_the_run_and_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classification_project(tmp_path).close()
    path = tmp_path / "cls.db"
    assert main(["train", str(path), *FAST, "--train-biases"]) == 0
    with Project(path) as project:
        run = project.runs.get(1)
        assert run.settings["train_biases"] is True
        assert read_meta(project.model_folder(run)).prefix.train_biases
