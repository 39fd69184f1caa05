"""Saving a trained model as a small folder and loading it back onto its backbone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch

from ptcore.engine.backbone import DEFAULT_MODEL_PACKAGE
from ptcore.engine.checkpoint import META_FILE, load_model, read_meta, save_model
from ptcore.engine.config import PrefixConfig
from ptcore.engine.model import create_model
from ptcore.errors import UserError
from ptcore.records import Task
from tests.tiny import BACKBONE_ARCHITECTURES, encode_texts, make_backbone_dir, make_prefix_model

TEXTS = ["john smith lives in london", "mary visited the bank in paris today", "good film"]
TAGS = ["O", "B-PER", "I-PER"]


@pytest.fixture(scope="module", params=BACKBONE_ARCHITECTURES)
def backbone_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_backbone_dir(tmp_path_factory.mktemp(request.param), request.param)


def nudge(model: torch.nn.Module) -> None:
    """Move every trainable parameter away from its initial value, as training would."""
    with torch.no_grad():
        for parameter in model.parameters():
            if parameter.requires_grad:
                parameter.add_(torch.randn_like(parameter) * 0.1)


@pytest.mark.parametrize("layer_mix", [False, True])
def test_save_then_load_predicts_identically(
    backbone_dir: Path, tmp_path: Path, layer_mix: bool
) -> None:
    model, tokenizer = make_prefix_model(backbone_dir, layer_mix=layer_mix)
    nudge(model)
    encoding = encode_texts(tokenizer, TEXTS)
    expected = model.predict(encoding["input_ids"], encoding["attention_mask"])
    settings, metrics = {"lr": 0.01, "epochs": [1, 2]}, {"f1": 0.5}
    save_model(model, tmp_path / "saved", TAGS, settings=settings, metrics=metrics)

    loaded, loaded_tokenizer, meta = load_model(tmp_path / "saved")
    again = encode_texts(loaded_tokenizer, TEXTS)
    assert torch.equal(again["input_ids"], encoding["input_ids"])
    torch.testing.assert_close(
        loaded.predict(again["input_ids"], again["attention_mask"]), expected, rtol=0, atol=0
    )
    assert (meta.task, meta.labels) == (Task.NER, TAGS)
    assert (meta.settings, meta.metrics) == (settings, metrics)
    assert meta.base_model.path == str(backbone_dir)
    assert (loaded.head.layer_weights is not None) == layer_mix
    assert sorted(p.name for p in (tmp_path / "saved").iterdir()) == [
        "manifest.json",
        META_FILE,
        "weights.safetensors",
    ]


def test_projected_prefix_is_saved_as_its_output(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path / "bert", "bert")
    model, tokenizer = make_prefix_model(
        folder, task="classification", num_labels=2, prefix_projection=True, projection_hidden=64
    )
    nudge(model)
    encoding = encode_texts(tokenizer, TEXTS)
    expected = model.predict(encoding["input_ids"], encoding["attention_mask"])
    save_model(model, tmp_path / "saved", ["neg", "pos"])

    loaded, _, meta = load_model(tmp_path / "saved")
    torch.testing.assert_close(
        loaded.predict(encoding["input_ids"], encoding["attention_mask"]), expected
    )
    assert meta.prefix.prefix_projection and meta.prefix.projection_hidden == 64
    assert not hasattr(loaded.prefix, "projection")


def test_mismatched_backbone_is_refused(tmp_path: Path) -> None:
    original = make_backbone_dir(tmp_path / "original", "bert", seed=0)
    model, _ = make_prefix_model(original)
    save_model(model, tmp_path / "saved", TAGS)
    retrained = make_backbone_dir(tmp_path / "retrained", "bert", seed=1)
    with pytest.raises(UserError, match="not the base model this model was trained on"):
        load_model(tmp_path / "saved", base_model_path=retrained)

    moved = tmp_path / "moved"
    shutil.move(original, moved)
    with pytest.raises(UserError, match="was not found"):
        load_model(tmp_path / "saved")
    loaded, _, _ = load_model(tmp_path / "saved", base_model_path=moved)
    assert loaded.backbone_ref.path == str(moved)


def test_damaged_or_missing_checkpoint_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a saved P-tuning model"):
        load_model(tmp_path)
    folder = make_backbone_dir(tmp_path / "bert", "bert")
    model, _ = make_prefix_model(folder)
    save_model(model, tmp_path / "saved", TAGS)
    meta = json.loads((tmp_path / "saved" / META_FILE).read_text())
    meta["labels"] = ["O"]
    (tmp_path / "saved" / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(UserError, match="altered"):
        load_model(tmp_path / "saved")
    (tmp_path / "saved" / "manifest.json").unlink()  # as a version-1 folder, saved without one
    with pytest.raises(UserError, match="incomplete"):
        load_model(tmp_path / "saved")
    (tmp_path / "saved" / META_FILE).write_text(json.dumps({**meta, "format_version": 1}))
    with pytest.raises(UserError, match="weights do not match"):
        load_model(tmp_path / "saved")
    (tmp_path / "saved" / META_FILE).write_text("{")
    with pytest.raises(UserError, match="damaged"):
        read_meta(tmp_path / "saved")


def test_label_names_must_match_the_head(tmp_path: Path) -> None:
    model, _ = make_prefix_model(make_backbone_dir(tmp_path / "bert", "bert"))
    with pytest.raises(ValueError, match="2 label names"):
        save_model(model, tmp_path / "saved", ["O", "B-PER"])


def test_default_minilm_with_prefix_64_saves_under_5_mb(tmp_path: Path) -> None:
    pytest.importorskip(DEFAULT_MODEL_PACKAGE)
    config = PrefixConfig(prefix_len=64, prefix_projection=True)
    model, _ = create_model(Task.NER, 9, config)
    assert model.trainable_parameter_summary().fraction < 0.15
    save_model(model, tmp_path / "saved", [f"T{i}" for i in range(9)])
    size = sum(p.stat().st_size for p in (tmp_path / "saved").iterdir())
    assert size < 5 * 1024 * 1024, size


@pytest.mark.parametrize("pooling", ["mean", "first"])
def test_sentence_pooling_is_saved_and_older_models_read_the_first_token(
    tmp_path: Path, pooling: str
) -> None:
    folder = make_backbone_dir(tmp_path / "backbone", "bert")
    model, _ = make_prefix_model(
        folder, task="classification", num_labels=2, sentence_pooling=pooling
    )
    save_model(model, tmp_path / "saved", ["neg", "pos"])
    assert load_model(tmp_path / "saved")[0].head.pooling == pooling

    meta_path = tmp_path / "saved" / META_FILE
    meta = json.loads(meta_path.read_text())
    del meta["prefix"]["sentence_pooling"]  # as written before the setting existed
    meta_path.write_text(json.dumps({**meta, "format_version": 1}))
    (tmp_path / "saved" / "manifest.json").unlink()  # nor manifests
    assert load_model(tmp_path / "saved")[0].head.pooling == "first"
