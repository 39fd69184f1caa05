"""The fit check on a project, the CLI's check-model, the import warning and train's refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from transformers import AutoConfig, AutoModel

from ptcore.cli import main
from ptcore.engine.fit_guard import ModelCannotRead, check_project, ensure_model_reads
from ptcore.records import DocumentRecord, Span, Split
from ptcore.store.project import Project
from tests.engine.projects import backbone
from tests.fit.tokenizers import model_folder

CHINESE = ["张三在北京", "李四去上海", "王五喜欢电影", "我的老师很好"]


def latin_backbone(folder: Path) -> Path:
    """A tiny BERT whose vocabulary has no CJK character, weights included (for train)."""
    model_folder(folder, cjk=False)
    torch.manual_seed(0)
    AutoModel.from_config(AutoConfig.from_pretrained(str(folder))).save_pretrained(str(folder))
    return folder


def chinese_project(path: Path, base: Path, count: int = 40) -> Path:
    with Project.create(path, "ner", ["PER", "LOC"], base_model=str(base)) as project:
        records = [
            DocumentRecord(
                f"{CHINESE[i % 4]}{i}",
                entities=[Span(0, 2, "PER")],
                labeled=True,
                split=Split.TRAIN if i % 4 else Split.DEV,
            )
            for i in range(count)
        ]
        project.import_records(records, Path("zh.jsonl"))
    return path


def test_check_project_samples_the_stored_text(tmp_path: Path) -> None:
    path = chinese_project(tmp_path / "zh.db", latin_backbone(tmp_path / "latin"))
    with Project(path) as project:
        fit = check_project(project)
        assert (fit.documents, fit.sampled, fit.tokens, fit.unknown_tokens) == (40, 40, 290, 220)
        with pytest.raises(ModelCannotRead, match=r"75.9 % of the tokens .* docs/models.md"):
            ensure_model_reads(project)
        other = check_project(project, backbone(tmp_path / "cjk"))
    assert other.unknown_tokens == 0 and other.verdict == "reads well"


def test_check_model_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = chinese_project(tmp_path / "zh.db", latin_backbone(tmp_path / "latin"))
    assert main(["check-model", str(path), "--json"]) == 0
    values = json.loads(capsys.readouterr().out)
    assert values["unknown_token_share"] == 220 / 290 and values["verdict"] == "cannot read"
    assert values["scripts"] == {"CJK": 0.7586, "Digits and punctuation": 0.2414}
    assert values["cjk_share"] == 1.0
    assert main(["check-model", str(path), "--model", str(backbone(tmp_path / "cjk"))]) == 0
    assert "reads well this text: 0.0 %" in capsys.readouterr().out


def test_train_refuses_before_loading_weights_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = latin_backbone(tmp_path / "latin")
    path = chinese_project(tmp_path / "zh.db", latin)
    (latin / "model.safetensors").unlink()  # loading the weights would fail
    assert main(["train", str(path), "--epochs", "1"]) == 1
    error = capsys.readouterr().err
    assert "cannot read this text: 75.9 %" in error and "--force" in error
    with Project(path) as project:
        assert project.runs.all() == []
    assert main(["train", str(path), "--epochs", "1", "--force", "--device", "cpu"]) == 1
    assert "cannot load the model weights" in capsys.readouterr().err  # it got past the check


def test_import_warns_with_the_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin = latin_backbone(tmp_path / "latin")
    path = tmp_path / "p.db"
    assert main(["init", str(path), "--task", "ner", "--model", str(latin)]) == 0
    source = tmp_path / "zh.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": t, "entities": []}, ensure_ascii=False) + "\n" for t in CHINESE
        ),
        encoding="utf-8",
    )
    assert main(["import", str(path), str(source)]) == 0
    error = capsys.readouterr().err
    assert "warning: The project's base model cannot read the imported text" in error
    assert "Unknown tokens: 100.0 % of 22 tokens" in error and "docs/models.md" in error
