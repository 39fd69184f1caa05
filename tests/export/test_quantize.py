"""Int8 prediction (``quantize=True``): the backbone's linear layers become int8, and
the predictions stay those of the float32 model up to int8 rounding; exported graphs refuse it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import ptcore
from ptcore.engine.checkpoint import save_model
from ptcore.engine.onnx_export import export_model
from ptcore.engine.predictor import Predictor
from ptcore.errors import UserError
from ptcore.records import DocumentRecord
from tests.tiny import make_backbone_dir, make_prefix_model

TEXTS = ["john met mary in paris today", "the film", "acme corp bank told the city what"]


def saved_model(tmp_path: Path) -> Path:
    folder = make_backbone_dir(tmp_path / "bert", "bert")
    model, _ = make_prefix_model(folder, "classification", 2)
    with torch.no_grad():
        model.prefix.prefix.normal_(std=1.0)
    save_model(model, tmp_path / "model", ["pos", "neg"])
    return tmp_path / "model"


def logits(predictor: Predictor) -> np.ndarray:
    raw = predictor.raw([DocumentRecord(text, line=i) for i, text in enumerate(TEXTS)])
    return np.stack(raw.logits)


def test_int8_backbone_has_no_float_linear_layers_and_keeps_the_logits(tmp_path: Path) -> None:
    model_dir = saved_model(tmp_path)
    plain, int8 = Predictor(model_dir), Predictor(model_dir, quantize=True)
    linear = [m for m in int8.model.backbone.modules() if type(m) is torch.nn.Linear]
    assert linear == []
    assert type(int8.model.head.linear) is torch.nn.Linear  # the head stays float32
    want, got = logits(plain), logits(int8)
    assert not np.array_equal(got, want)  # it did change the arithmetic...
    assert np.abs(got - want).max() < 0.05 * max(1.0, np.abs(want).max())  # ...not the result


def test_int8_is_refused_for_an_onnx_graph(tmp_path: Path) -> None:
    graph = export_model(saved_model(tmp_path), tmp_path / "cls.onnx").graph
    with pytest.raises(UserError, match="model folders only"):
        ptcore.load_model(graph, quantize=True)


def test_int8_is_refused_off_the_cpu(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="CPU only"):
        ptcore.load_model(saved_model(tmp_path), device="cuda", quantize=True)
