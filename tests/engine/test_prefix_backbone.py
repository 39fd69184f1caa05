"""Backbone folders: which are accepted, how they are fingerprinted; prefix settings; devices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors import safe_open
from transformers import AutoModel

from ptcore.engine import backbone
from ptcore.engine.config import PrefixConfig, help_text
from ptcore.errors import UserError
from tests.tiny import make_backbone_dir, make_tokenizer


def test_unsupported_architecture_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    with pytest.raises(UserError, match=r"'gpt2' is not supported.*bert, roberta, xlm-roberta"):
        backbone.load_backbone(tmp_path)


@pytest.mark.parametrize("config_text", [None, "{not json", json.dumps({"model_type": "nope"})])
def test_folder_that_is_not_a_model_is_refused_by_name(
    tmp_path: Path, config_text: str | None
) -> None:
    if config_text is not None:
        (tmp_path / "config.json").write_text(config_text)
    with pytest.raises(UserError, match=str(tmp_path)):
        backbone.load_backbone(tmp_path)


def test_folder_without_weights_is_refused(tmp_path: Path) -> None:
    make_backbone_dir(tmp_path, "bert")
    (tmp_path / "model.safetensors").unlink()
    with pytest.raises(UserError, match="cannot load the model weights"):
        backbone.load_backbone(tmp_path)


def test_loaded_backbone_is_frozen_and_uses_the_prefix_attention(tmp_path: Path) -> None:
    model = backbone.load_backbone(make_backbone_dir(tmp_path, "bert"))
    assert not any(p.requires_grad for p in model.parameters())
    assert model.config._attn_implementation == "ptcore_prefix_sdpa"
    assert model.pooler is None


def test_half_precision_checkpoint_loads_as_float32(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path, "bert")
    AutoModel.from_pretrained(str(folder), dtype=torch.float16).save_pretrained(str(folder))
    with safe_open(str(folder / "model.safetensors"), "pt") as weights:
        assert weights.get_tensor("embeddings.word_embeddings.weight").dtype == torch.float16

    model = backbone.load_backbone(folder)
    assert {p.dtype for p in model.parameters()} == {torch.float32}


def test_without_a_prefix_the_attention_matches_stock_sdpa(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path, "roberta")
    ours = backbone.load_backbone(folder)
    stock = AutoModel.from_pretrained(str(folder), attn_implementation="sdpa")
    encoding = make_tokenizer()(
        ["good film", "john smith lives in london"], padding=True, return_tensors="pt"
    )
    real = encoding["attention_mask"].bool()
    expected = stock(**encoding).last_hidden_state[real]
    torch.testing.assert_close(ours(**encoding).last_hidden_state[real], expected)


def test_default_model_path_is_the_packaged_minilm() -> None:
    pytest.importorskip(backbone.DEFAULT_MODEL_PACKAGE)
    folder = backbone.default_model_path()
    assert (folder / "config.json").is_file()
    assert backbone.read_backbone_config(folder).model_type == "bert"


def test_default_model_path_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backbone, "DEFAULT_MODEL_PACKAGE", "no_such_package_for_tests")
    with pytest.raises(UserError, match="no_such_package_for_tests"):
        backbone.default_model_path()


def test_fingerprint_is_stable_and_tells_backbones_apart(tmp_path: Path) -> None:
    first = make_backbone_dir(tmp_path / "a", "bert", seed=0)
    same = make_backbone_dir(tmp_path / "b", "bert", seed=0)
    retrained = make_backbone_dir(tmp_path / "c", "bert", seed=1)
    other_vocabulary = make_backbone_dir(tmp_path / "d", "bert", seed=0)
    with (other_vocabulary / "vocab.txt").open("a") as vocabulary:
        vocabulary.write("extra\n")
    assert backbone.fingerprint(first) == backbone.fingerprint(same)
    assert backbone.fingerprint(first) != backbone.fingerprint(retrained)
    assert backbone.fingerprint(first) != backbone.fingerprint(other_vocabulary)


def test_resolve_device() -> None:
    assert backbone.resolve_device("cpu") == torch.device("cpu")
    assert backbone.resolve_device("auto").type in {"cpu", "cuda", "mps"}
    if not torch.cuda.is_available():
        with pytest.raises(UserError, match="not available"):
            backbone.resolve_device("cuda")
    with pytest.raises(UserError, match="Unknown device"):
        backbone.resolve_device("abacus")


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"prefix_len": 0}, "prefix length"),
        ({"prefix_dropout": 1.0}, "prefix_dropout"),
        ({"init": "zeros"}, "init must be"),
        ({"init": "activations", "prefix_projection": True}, "prefix_projection off"),
    ],
)
def test_prefix_config_refuses_bad_settings(settings: dict[str, object], problem: str) -> None:
    with pytest.raises(UserError, match=problem):
        PrefixConfig(**settings)  # type: ignore[arg-type]


def test_prefix_config_round_trips_and_has_help() -> None:
    config = PrefixConfig(prefix_len=64, prefix_projection=True)
    assert PrefixConfig.from_dict({**config.to_dict(), "added_later": 1}) == config
    assert "key/value" in help_text("prefix_len")
