"""``export-model``: one ONNX graph per model, prefix inside, logits equal to PyTorch's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
import torch

import ptcore
from ptcore.api import Entities
from ptcore.cli import main
from ptcore.engine.checkpoint import save_model
from ptcore.engine.onnx_export import export_model
from ptcore.errors import UserError
from tests.tiny import encode_texts, make_backbone_dir, make_prefix_model

TEXTS = ["john met mary in paris today", "the film", "acme corp bank told the city what"]
LABELS = {"classification": ["pos", "neg"], "multilabel": ["a", "b", "c"], "qa": []}
LABELS["ner"] = ["O", "B-PER", "I-PER"]
# Every architecture with a token head, and every head on BERT (mean pooling and the layer mix
# on the multi-label one), so each attention path and each head goes through the exporter.
CASES = [(arch, "ner", {}) for arch in ("bert", "roberta", "xlm-roberta", "electra")] + [
    ("bert", "classification", {}),
    ("bert", "multilabel", {"sentence_pooling": "mean", "layer_mix": True}),
    ("bert", "qa", {}),
]


@pytest.mark.parametrize(("arch", "task", "settings"), CASES)
def test_onnx_logits_match_pytorch(tmp_path: Path, arch: str, task: str, settings: dict) -> None:  # type: ignore[type-arg]
    folder = make_backbone_dir(tmp_path / arch, arch)
    model, tokenizer = make_prefix_model(folder, task, max(len(LABELS[task]), 2), **settings)
    with torch.no_grad():
        model.prefix.prefix.normal_(std=1.0)  # a prefix that visibly changes the output
    save_model(model, tmp_path / "model", LABELS[task] or [])
    files = export_model(tmp_path / "model", tmp_path / "out.onnx")
    session = onnxruntime.InferenceSession(str(files.graph), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    assert names[:2] == ["input_ids", "attention_mask"]
    for texts in (TEXTS, TEXTS[1:2]):  # another batch size and length than the traced one
        batch = encode_texts(tokenizer, texts)
        got = session.run(None, {name: batch[name].numpy() for name in names})[0]
        types = batch["token_type_ids"] if "token_type_ids" in names else None
        model.eval()
        with torch.no_grad():
            want = model(batch["input_ids"], batch["attention_mask"], types).logits.numpy()
        assert got.shape == want.shape
        assert np.abs(got - want).max() <= 1e-4
    graph = onnx.load(str(files.graph))
    assert [i.name for i in graph.graph.input] == names  # the prefix is no input: a constant
    settings_json = json.loads(files.settings.read_text(encoding="utf-8"))
    assert settings_json["task"] == task and settings_json["labels"] == LABELS[task]
    assert (files.tokenizer / "tokenizer.json").is_file()


def test_exported_graph_predicts_like_the_model_folder(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path / "bert", "bert")
    model, _ = make_prefix_model(folder, "ner", 3)
    save_model(model, tmp_path / "model", LABELS["ner"])
    out = tmp_path / "ner.onnx"
    assert main(["export-model", str(tmp_path / "model"), str(out)]) == 0
    texts = ["john met mary in paris today", "mary smith works at acme corp in london"]
    from_folder = ptcore.load_model(tmp_path / "model").predict(texts)
    from_graph = ptcore.load_model(out).predict(texts)
    for graph_result, folder_result in zip(from_graph, from_folder, strict=True):
        assert isinstance(graph_result, Entities) and isinstance(folder_result, Entities)
        spans = [(e.start, e.end, e.label) for e in graph_result.entities]
        assert spans == [(e.start, e.end, e.label) for e in folder_result.entities]
        scores = [e.score for e in graph_result.entities]
        assert scores == pytest.approx([e.score for e in folder_result.entities], abs=1e-5)
        assert graph_result.confidence == pytest.approx(folder_result.confidence, abs=1e-5)


def test_export_refuses_a_bad_target(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="must end in"):
        export_model(tmp_path, tmp_path / "out.bin")
    with pytest.raises(UserError, match="not a saved P-tuning model"):
        export_model(tmp_path, tmp_path / "out.onnx")


def test_export_never_overwrites_what_is_not_its_own(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path / "bert", "bert")
    model, _ = make_prefix_model(folder, "classification", 2)
    save_model(model, tmp_path / "model", LABELS["classification"])
    project = tmp_path / "news.onnx"  # a project file that happens to carry the name
    project.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(UserError, match="SQLite"):
        export_model(tmp_path / "model", project)
    assert project.read_bytes().startswith(b"SQLite format 3")
    notes = tmp_path / "out.tokenizer"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UserError, match="not an exported tokenizer"):
        export_model(tmp_path / "model", tmp_path / "out.onnx")
    assert (notes / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "out.onnx").exists()  # refused before anything was written
    assert not list(tmp_path.glob(".out*partial*"))
    (notes / "mine.txt").unlink()
    notes.rmdir()
    first = export_model(tmp_path / "model", tmp_path / "out.onnx")
    again = export_model(tmp_path / "model", tmp_path / "out.onnx")  # an earlier export: replaced
    assert again.graph == first.graph and (again.tokenizer / "tokenizer_config.json").is_file()
