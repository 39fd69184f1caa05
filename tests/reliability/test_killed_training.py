"""Finding 6: a run whose training process was killed is seen as interrupted, keeps its best
model if that was saved whole, and can be deleted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.errors import UserError
from ptcore.store.project import Project
from tests.engine.projects import classification_project
from tests.engine.test_cli_engine import FAST


def _train_then_kill(project: Path) -> None:
    """Start CLI training and SIGKILL it once it has saved a best model."""
    args = [*FAST]
    args[args.index("--epochs") + 1] = "500"
    process = subprocess.Popen(
        [sys.executable, "-m", "ptcore", "train", str(project), *args],
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "(best, saved)" in line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def test_a_killed_run_becomes_interrupted_with_its_model_and_can_be_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    classification_project(tmp_path).close()
    path = tmp_path / "cls.db"
    _train_then_kill(path)
    with Project(path) as project:
        [run] = project.runs.all()
        assert run.status == "interrupted" and "killed" in run.error
        folder = project.model_folder(run)
    assert main(["eval", str(path), "--run", str(run.id), "--json"]) == 0
    assert main(["runs", str(path)]) == 0
    assert "interrupted" in capsys.readouterr().out
    assert main(["delete-run", str(path), str(run.id)]) == 0
    assert not folder.exists() and list(folder.parent.iterdir()) == []


def test_a_run_of_a_live_process_stays_running(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", "ner") as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
    with Project(tmp_path / "p.db") as project:
        assert project.runs.get(run_id).status == "running"
        with pytest.raises(UserError, match="still training"):
            project.delete_run(run_id)
