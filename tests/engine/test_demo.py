"""The demos: English data with splits that can rank checkpoints and hold a test set out,
every task including multi-label, and a folder the user names or a temporary one."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.demo import demo_project
from ptcore.engine import backbone as backbones
from ptcore.engine.examples import MIN_DEV
from ptcore.records import Split, Status, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project
from tests.engine.projects import backbone

CJK = re.compile(r"[\u3000-\u9fff]")


@pytest.mark.parametrize("task", list(Task))
def test_each_demo_is_english_with_dev_and_test_splits(tmp_path: Path, task: Task) -> None:
    with Project(demo_project(task, tmp_path)) as project:
        texts = [r.text for r in project.records()]
        labeled = {
            split: project.documents.count(DocumentFilter(status=Status.LABELED, split=split))
            for split in Split
        }
        unlabeled = project.documents.count(DocumentFilter(status=Status.UNLABELED))
    assert not any(CJK.search(text) for text in texts)
    assert labeled[Split.TRAIN] >= 60 and labeled[Split.DEV] >= MIN_DEV
    assert labeled[Split.TEST] >= 15 and unlabeled >= 4


@pytest.mark.parametrize("task", ["multilabel", "qa"])
def test_demo_runs_in_a_temporary_folder_and_prints_the_held_out_score(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    task: str,
) -> None:
    tiny = backbone(tmp_path / "tiny-bert")
    monkeypatch.setattr(backbones, "default_model_path", lambda: tiny)
    temporary, working = tmp_path / "tmp", tmp_path / "cwd"
    temporary.mkdir(), working.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.chdir(working)
    assert main(["demo", "--task", task, "--minutes", "0.05", "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert "Held-out test split (" in out
    assert list(working.iterdir()) == []
    (made,) = temporary.iterdir()
    assert made.name.startswith("ptstudio-demo-") and str(made) in out
    if task == "qa":
        assert re.search(r"'Where .*\?' -> |'What .*\?' -> |'When .*\?' -> ", out)
