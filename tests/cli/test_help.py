"""``ptcore --help`` reads as text, is named after how it was started, and states what presets
and defaults do; ``import``/``export --format`` list and check the formats of the project's
task."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.cli_help import formats_for
from ptcore.engine.settings import PRESET_CHANGES, PRESETS, default_settings
from ptcore.records import Task
from ptcore.store.project import Project

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines anywhere


def test_usage_is_named_after_how_it_was_started(capsys: pytest.CaptureFixture[str]) -> None:
    as_script = help_of(capsys)  # the `ptcore` console script calls main() as it is
    assert as_script.startswith("usage: ptcore ") and "`" not in as_script
    as_module = subprocess.run(
        [sys.executable, "-m", "ptcore", "train", "--help"],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    ).stdout
    assert as_module.startswith("usage: python -m ptcore train ")
    assert "Train a P-tuning v2 model on a project." in as_module  # each command's summary


def test_version_prints_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("P-Tuning Studio ")


def test_preset_help_says_what_each_preset_sets(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "train")
    assert "(default: balanced)" in text
    for preset in PRESETS:
        assert f"{preset}: " in text
        for name, value in PRESET_CHANGES[preset].items():
            assert f"{name.replace('_', '-')} {value}" in text
    best_ner = default_settings(Task.NER, "best").epochs
    assert f"best: epochs {default_settings(Task.QA, 'best').epochs:g} (ner: {best_ner:g})" in text


def test_option_defaults_are_stated(capsys: pytest.CaptureFixture[str]) -> None:
    train = help_of(capsys, "train")
    assert "(default: 5; ner: 15; --preset fast/best change it)" in train
    assert "(default: 32; ner: 16, qa: 64; --preset fast changes it)" in train
    assert "(default: auto)" in train
    assert "--split {dev,test} default: dev" in help_of(capsys, "eval")
    demo = help_of(capsys, "demo")
    assert "default: ner" in demo and "(default: 2)" in demo


def test_import_help_lists_the_formats_of_each_task(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(capsys, "import")
    for task in Task:
        assert f"{task} {', '.join(formats_for(task, 'import'))}" in text
    assert "squad" not in formats_for(Task.NER, "import")
    assert "squad-predictions" not in formats_for(Task.QA, "import")
    assert "squad-predictions" in formats_for(Task.QA, "export")


@pytest.fixture
def ner_project(tmp_path: Path) -> Path:
    path = tmp_path / "ner.db"
    Project.create(path, Task.NER, ["PER"]).close()
    (tmp_path / "data.json").write_text('{"version": "v1.1", "data": []}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("command", "fmt", "why"),
    [
        ("import", "squad", "squad files hold qa data, not ner"),
        ("import", "bogus", 'unknown format "bogus"'),
        ("export", "squad-predictions", "squad-predictions files hold qa data, not ner"),
    ],
)
def test_a_format_of_another_task_is_refused_listing_the_fitting_ones(
    ner_project: Path, capsys: pytest.CaptureFixture[str], command: str, fmt: str, why: str
) -> None:
    other = ner_project.parent / "data.json"
    assert main([command, str(ner_project), str(other), "--format", fmt]) == 1
    fitting = ", ".join(formats_for(Task.NER, command))  # type: ignore[arg-type]
    assert capsys.readouterr().err == f"error: {why}; a ner project can {command}: {fitting}\n"
    with Project(ner_project) as project:
        assert project.stats()["documents"] == 0
