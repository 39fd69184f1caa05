"""Refusals that need no model come before torch is even imported (seconds, not minutes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ptcore.records import DocumentRecord, Split
from ptcore.store.project import Project

WITHOUT_TORCH = (
    "import sys; sys.modules['torch'] = sys.modules['transformers'] = None; "
    "from ptcore.cli import main; sys.exit(main(sys.argv[1:]))"
)


def cli_without_torch(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process where importing torch or transformers fails."""
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_TORCH, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


@pytest.fixture
def unlabeled(tmp_path: Path) -> Path:
    with Project.create(tmp_path / "p.db", "classification", ["pos", "neg"]) as project:
        project.import_records([DocumentRecord("a text"), DocumentRecord("b text")], Path("x"))
        return project.path


def test_train_without_labels_refuses_before_loading(unlabeled: Path) -> None:
    done = cli_without_torch("train", str(unlabeled))
    assert done.returncode == 1 and "No labeled training documents" in done.stderr
    assert "ModuleNotFoundError" not in done.stderr and "import" not in done.stderr


def test_train_with_a_missing_base_model_refuses_before_loading(tmp_path: Path) -> None:
    records = [
        DocumentRecord(
            f"text {i}", labels=["pos" if i % 2 else "neg"], labeled=True, split=Split.TRAIN
        )
        for i in range(8)
    ]
    with Project.create(
        tmp_path / "p.db", "classification", ["pos", "neg"], base_model=str(tmp_path / "gone")
    ) as project:
        project.import_records(records, Path("x"))
    done = cli_without_torch("train", str(tmp_path / "p.db"))
    assert done.returncode == 1 and "gone is not a transformers model folder" in done.stderr


def test_eval_and_predict_without_a_run_refuse_before_loading(unlabeled: Path) -> None:
    for command in ("eval", "predict"):
        done = cli_without_torch(command, str(unlabeled))
        assert done.returncode == 1 and "No finished training run" in done.stderr, command


@pytest.mark.parametrize("what", ["missing", "not a model"])
def test_predict_model_that_is_not_a_model_folder_refuses_before_loading(
    tmp_path: Path, what: str
) -> None:
    folder = tmp_path / "folder"
    if what == "not a model":
        folder.mkdir()
    texts = tmp_path / "texts.txt"
    texts.write_text("hello\n", encoding="utf-8")
    done = cli_without_torch("predict", "--model", str(folder), str(texts))
    assert done.returncode == 1 and str(folder) in done.stderr
    assert "model" in done.stderr and "ModuleNotFoundError" not in done.stderr


def test_predict_model_with_a_missing_file_refuses_before_loading(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "ptmodel.json").write_text("{}", encoding="utf-8")
    done = cli_without_torch("predict", "--model", str(folder), str(tmp_path / "nope.txt"))
    assert done.returncode == 1 and "nope.txt: no such file" in done.stderr
