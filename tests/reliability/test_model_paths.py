"""Finding 1: a run's model folder is used or deleted only inside ``PROJECT.models/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.errors import UserError
from ptcore.store.project import Project


def _precious(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "thesis.txt").write_text("years of work")
    return folder


def _project_with_run(tmp_path: Path, model_dir: str) -> Project:
    project = Project.create(tmp_path / "p.db", "ner", ["PER"])
    run_id = project.runs.start({}, {}, "CPU", 0)
    project.runs.finish(run_id, "finished", model_dir=model_dir)
    return project


def test_delete_run_refuses_a_folder_outside_the_models_folder(tmp_path: Path) -> None:
    documents = _precious(tmp_path / "Documents")
    with _project_with_run(tmp_path, str(documents)) as project:
        note = project.delete_run(1)
        assert "outside" in note and str(documents) in note
        assert project.runs.all() == []
    assert (documents / "thesis.txt").read_text() == "years of work"


def test_delete_run_refuses_dot_dot_and_symlinks_out(tmp_path: Path) -> None:
    documents = _precious(tmp_path / "Documents")
    models = tmp_path / "p.models"
    models.mkdir()
    (models / "run-2").symlink_to(documents)
    with _project_with_run(tmp_path, "p.models/../Documents") as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
        project.runs.finish(run_id, "finished", model_dir="p.models/run-2")
        assert "outside" in project.delete_run(1)
        assert "outside" in project.delete_run(run_id)
        third = project.runs.start({}, {}, "CPU", 0)
        project.runs.finish(third, "finished", model_dir=str(documents))
        with pytest.raises(UserError, match="outside"):
            project.model_folder(project.runs.get(third))
    assert (documents / "thesis.txt").exists()


def test_delete_run_removes_its_own_folder_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _precious(tmp_path / "p.models" / "run-1")
    _project_with_run(tmp_path, "p.models/run-1").close()
    monkeypatch.chdir(tmp_path.parent)
    assert main(["delete-run", str(tmp_path / "p.db"), "1"]) == 0
    assert not folder.exists()
    assert "Deleted run 1." in capsys.readouterr().out


def test_cli_delete_run_outside_warns_and_keeps_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = _precious(tmp_path / "Documents")
    _project_with_run(tmp_path, str(documents)).close()
    assert main(["delete-run", str(tmp_path / "p.db"), "1"]) == 0
    assert "refusing" in capsys.readouterr().err
    assert documents.exists()


def test_eval_works_from_another_folder_than_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.engine.projects import classification_project
    from tests.engine.test_cli_engine import FAST

    classification_project(tmp_path).close()
    monkeypatch.chdir(tmp_path)
    assert main(["train", "cls.db", *FAST]) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "cls.db"), "--json"]) == 0
    assert '"run": 1' in capsys.readouterr().out
