"""A model folder's facts, read without loading its weights, and runs on other backbones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from transformers import AutoModel

from ptcore.engine.backbone import fingerprint
from ptcore.engine.model_info import describe_model, runs_on_other_models
from ptcore.errors import UserError
from ptcore.store.project import Project
from tests.engine.projects import backbone
from tests.fit.tokenizers import model_folder
from tests.tiny import vocabulary


def test_describe_counts_parameters_from_the_safetensors_header(tmp_path: Path) -> None:
    folder = backbone(tmp_path / "cjk")
    info = describe_model(folder)
    model = AutoModel.from_pretrained(str(folder))
    assert info.parameters == sum(p.numel() for p in model.state_dict().values())
    assert (info.architecture, info.layers, info.hidden_size, info.vocab_size) == (
        "bert",
        2,
        32,
        len(vocabulary()),
    )
    assert info.fingerprint == fingerprint(folder) and info.disk_bytes > 0


def test_describe_refuses_what_training_would_refuse(tmp_path: Path) -> None:
    folder = model_folder(tmp_path / "m", cjk=False)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "model_type": "gpt2"}))
    with pytest.raises(UserError, match="not supported"):
        describe_model(folder)


def test_runs_on_other_models(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", "ner", ["PER"]) as project:
        for index, mark in enumerate(("abc", "def"), 1):
            run_id = project.runs.start({}, {}, "CPU", 0)
            model_dir = project.models_dir / f"run-{index}"  # runs live in PROJECT.models/
            model_dir.mkdir(parents=True)
            (model_dir / "ptmodel.json").write_text(
                json.dumps({"base_model": {"path": "x", "fingerprint": mark}})
            )
            project.runs.finish(run_id, "finished", {}, str(model_dir), "")
        assert runs_on_other_models(project, "abc") == [2]
        assert runs_on_other_models(project, "zzz") == [1, 2]
