"""The Chinese demo: it explains what it needs rather than train a model that cannot read it,
and trains on a model that can."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from transformers import AutoConfig, AutoModel, BertTokenizerFast

from ptcore.cli import main
from ptcore.demo_zh import demo_texts
from ptcore.store.project import Project
from tests.tiny import TINY_SIZES, vocabulary


def chinese_model(folder: Path) -> Path:
    """A tiny random BERT whose vocabulary holds every character of the demo."""
    words = vocabulary() + sorted(set("".join(demo_texts())) - set(vocabulary()))
    tokenizer = BertTokenizerFast(vocab={w: i for i, w in enumerate(words)}, do_lower_case=True)
    tokenizer.save_pretrained(str(folder))
    config = AutoConfig.for_model("bert", **{**TINY_SIZES, "vocab_size": len(words)})
    torch.manual_seed(0)
    AutoModel.from_config(config).save_pretrained(str(folder))
    return folder


def test_without_a_chinese_model_it_says_what_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--lang", "zh", "--folder", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "needs a base model that reads Chinese" in error
    assert "all-MiniLM-L6-v2 (embedded) cannot read it" in error
    assert "--model /path/to/that/folder" in error and "docs/models.md" in error
    assert list(tmp_path.iterdir()) == []  # no project, no training


def test_with_a_chinese_model_it_trains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = chinese_model(tmp_path / "zh-model")
    args = [
        "demo",
        "--lang",
        "zh",
        "--model",
        str(model),
        "--folder",
        str(tmp_path),
        "--minutes",
        "0.05",
        "--show",
        "2",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "36 documents" in out and "Run 1 " in out and "Kept the " in out
    with Project(tmp_path / "Demo ner-zh (zh-model).db") as project:
        assert project.info().base_model == str(model)
        assert project.stats()["labeled"] == 30
