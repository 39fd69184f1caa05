"""Late prefix: a prefix in the top K layers only, the frozen layers below cached per text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from transformers import AutoConfig, AutoModel

from ptcore.engine.callbacks import BestModel, TrainingCallbacks
from ptcore.engine.checkpoint import META_FILE, load_model, save_model
from ptcore.engine.config import PrefixConfig
from ptcore.engine.decoding import ItemPrediction
from ptcore.engine.examples import collect_examples
from ptcore.engine.layer_cache import LowerLayerCache, attach_layer_cache
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import Predictor
from ptcore.engine.settings import TrainSettings, default_settings
from ptcore.engine.trainer import train_model
from ptcore.errors import UserError
from ptcore.records import Task
from tests.engine.projects import classification_project, fast_settings
from tests.tiny import (
    ARCHITECTURE_EXTRAS,
    BACKBONE_ARCHITECTURES,
    TINY_SIZES,
    encode_texts,
    make_prefix_model,
    make_tokenizer,
)

TEXTS = ["john smith lives in london", "mary visited the bank in paris today", "good film"]
PAIRS = (["who lives in london", "where is the bank"], ["john lives in london", "in paris"])
LAYERS = 3  # the split falls at layer 1 or 2, with lower layers of their own to cache
CASES = [("ner", False), ("ner", True), ("classification", True), ("qa", False)]


def three_layer_backbone(folder: Path, arch: str, seed: int = 0) -> Path:
    """A tiny random ``arch`` encoder of three layers (tests/tiny.py's have two)."""
    if not (folder / "config.json").is_file():
        sizes = {**TINY_SIZES, "num_hidden_layers": LAYERS, "initializer_range": 0.3}
        config = AutoConfig.for_model(arch, **sizes, **ARCHITECTURE_EXTRAS.get(arch, {}))
        torch.manual_seed(seed)
        AutoModel.from_config(config).save_pretrained(str(folder))
        make_tokenizer(folder)
    return folder


@pytest.fixture(scope="module", params=BACKBONE_ARCHITECTURES)
def backbone_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_layer_backbone(tmp_path_factory.mktemp(request.param), request.param)


def late_model(folder: Path, task: str = "ner", layers: int = 1, **settings: object):  # type: ignore[no-untyped-def]
    model, tokenizer = make_prefix_model(folder, task, 3, prefix_layers=layers, **settings)
    with torch.no_grad():
        for parameter in model.prefix.parameters():
            parameter.normal_(std=1.0)  # a prefix that visibly steers the output
    return model.eval(), tokenizer


def batch_of(tokenizer, task: str):  # type: ignore[no-untyped-def]
    if task == "qa":
        return tokenizer(*PAIRS, padding=True, return_tensors="pt")
    return encode_texts(tokenizer, TEXTS)


def logits(model: PrefixTunedModel, batch) -> torch.Tensor:  # type: ignore[no-untyped-def]
    with torch.no_grad():
        return model(**batch).logits


def real_difference(a: torch.Tensor, b: torch.Tensor, mask: torch.Tensor) -> float:
    """Largest difference over real tokens (padding positions' logits are never read)."""
    if a.dim() == 2:  # one vector per text
        return float((a - b).abs().max())
    return float((a - b)[mask.bool()].abs().max())


@pytest.mark.parametrize(("task", "layer_mix"), CASES)
@pytest.mark.parametrize("layers", [1, 2])
def test_cached_lower_layers_give_the_uncached_logits(
    backbone_dir: Path, task: str, layer_mix: bool, layers: int
) -> None:
    model, tokenizer = late_model(backbone_dir, task, layers, layer_mix=layer_mix)
    batch = batch_of(tokenizer, task)
    uncached = logits(model, batch)
    model.layer_cache = LowerLayerCache(1 << 30)
    filling, from_cache = logits(model, batch), logits(model, batch)
    for cached in (filling, from_cache):
        assert real_difference(cached, uncached, batch["attention_mask"]) <= 1e-5
    summary = model.layer_cache.summary()
    rows = len(batch["input_ids"])
    assert (summary.texts, summary.misses, summary.hits) == (rows, rows, rows)


def test_the_prefix_reaches_only_the_top_layers(backbone_dir: Path) -> None:
    model, tokenizer = late_model(backbone_dir, layers=1)
    assert model.prefix.key_values().shape[0] == 1 and model.prefix.first_layer == LAYERS - 1
    batch = encode_texts(tokenizer, TEXTS)
    steered = logits(model, batch)
    with torch.no_grad():
        model.prefix.prefix.zero_()
    assert not torch.allclose(steered, logits(model, batch))


def test_a_changed_text_or_truncation_is_computed_afresh(tmp_path: Path) -> None:
    model, tokenizer = late_model(three_layer_backbone(tmp_path, "bert"), layers=1)
    model.layer_cache = LowerLayerCache(1 << 30)
    logits(model, encode_texts(tokenizer, TEXTS))
    changed = [TEXTS[0].replace("london", "paris"), *TEXTS[1:]]
    truncated = tokenizer(TEXTS, padding=True, truncation=True, max_length=5, return_tensors="pt")
    for batch in (encode_texts(tokenizer, changed), truncated):
        cached = logits(model, batch)
        model.layer_cache, kept = None, model.layer_cache
        assert real_difference(cached, logits(model, batch), batch["attention_mask"]) <= 1e-5
        model.layer_cache = kept
    summary = kept.summary()
    # The first three texts, the changed one, two cut ones ("good film" is shorter than the cut).
    assert (summary.misses, summary.hits, summary.texts) == (3 + 1 + 2, 2 + 1, 6)


def test_another_model_clears_the_cache(tmp_path: Path) -> None:
    first, tokenizer = late_model(three_layer_backbone(tmp_path / "a", "bert", seed=0))
    other, _ = late_model(three_layer_backbone(tmp_path / "b", "bert", seed=1))
    batch = encode_texts(tokenizer, TEXTS)
    cache = LowerLayerCache(1 << 30)
    first.layer_cache = cache
    logits(first, batch)
    want = logits(other, batch)
    other.layer_cache = cache
    assert real_difference(logits(other, batch), want, batch["attention_mask"]) <= 1e-5
    assert cache.summary().misses == 2 * len(TEXTS)


def test_texts_over_the_budget_are_recomputed_and_counted(tmp_path: Path) -> None:
    model, tokenizer = late_model(three_layer_backbone(tmp_path, "bert"))
    batch = encode_texts(tokenizer, TEXTS)
    want = logits(model, batch)
    model.layer_cache = LowerLayerCache(100)  # bytes: less than any text's states
    for _ in range(2):
        assert real_difference(logits(model, batch), want, batch["attention_mask"]) <= 1e-5
    summary = model.layer_cache.summary()
    assert summary.texts == 0 and summary.over_budget == len(TEXTS)
    assert "did not fit" in summary.sentence()


def test_rows_cached_while_predicting_train_the_same_prefix(tmp_path: Path) -> None:
    model, tokenizer = late_model(three_layer_backbone(tmp_path, "bert"), prefix_projection=True)
    batch = encode_texts(tokenizer, TEXTS)
    labels = torch.where(batch["attention_mask"].bool(), 0, -100)  # padding ignored, as batched

    def prefix_gradient() -> torch.Tensor:
        model.zero_grad()
        model(**batch, labels=labels).loss.backward()
        return model.prefix.embedding.grad.clone()

    want = prefix_gradient()
    model.layer_cache = LowerLayerCache(1 << 30)
    model.predict(batch["input_ids"], batch["attention_mask"])  # fills under inference mode
    assert torch.allclose(prefix_gradient(), want, atol=1e-5)
    assert model.layer_cache.summary().hits == len(TEXTS)


def test_a_late_prefix_model_saves_loads_and_predicts(tmp_path: Path) -> None:
    model, tokenizer = late_model(three_layer_backbone(tmp_path / "bb", "electra"), layers=2)
    batch = encode_texts(tokenizer, TEXTS)
    model.layer_cache = LowerLayerCache(1 << 30)
    want = logits(model, batch)
    save_model(model, tmp_path / "m", ["O", "B-PER", "I-PER"])
    stored = json.loads((tmp_path / "m" / META_FILE).read_text(encoding="utf-8"))
    assert stored["prefix"]["prefix_layers"] == 2
    loaded, _, meta = load_model(tmp_path / "m")
    assert meta.prefix.prefix_layers == 2 and loaded.prefix.key_values().shape[0] == 2
    assert loaded.layer_cache is None
    assert real_difference(logits(loaded.eval(), batch), want, batch["attention_mask"]) <= 1e-5


def test_the_onnx_export_of_a_late_prefix_model_matches_pytorch(tmp_path: Path) -> None:
    onnxruntime = pytest.importorskip("onnxruntime")
    from ptcore.engine.onnx_export import export_model

    model, tokenizer = late_model(three_layer_backbone(tmp_path / "bb", "bert"), layers=1)
    save_model(model, tmp_path / "m", ["O", "B-PER", "I-PER"])
    files = export_model(tmp_path / "m", tmp_path / "late.onnx")
    session = onnxruntime.InferenceSession(str(files.graph), providers=["CPUExecutionProvider"])
    batch = encode_texts(tokenizer, TEXTS)
    names = [i.name for i in session.get_inputs()]
    got = session.run(None, {name: batch[name].numpy() for name in names})[0]
    want = logits(model, batch).numpy()
    assert abs(got - want).max() <= 1e-4
    assert json.loads(files.settings.read_text(encoding="utf-8"))["prefix_layers"] == 1


def test_all_layer_prefix_stays_the_default_and_gets_no_cache(tmp_path: Path) -> None:
    folder = three_layer_backbone(tmp_path, "bert")
    model, tokenizer = make_prefix_model(folder, "ner", 3)
    assert model.prefix_config.prefix_layers == "all"
    assert model.prefix.key_values().shape[0] == LAYERS and model.prefix.first_layer == 0
    assert attach_layer_cache(model, TrainSettings(), torch.device("cpu")) is None
    deeper, _ = make_prefix_model(folder, "ner", 3, prefix_layers=LAYERS + 5)
    deeper.load_state_dict(model.state_dict())
    batch = encode_texts(tokenizer, TEXTS)
    assert torch.equal(logits(model.eval(), batch), logits(deeper.eval(), batch))


def test_a_late_prefix_gets_a_cache_within_its_budget(tmp_path: Path) -> None:
    model, _ = late_model(three_layer_backbone(tmp_path, "bert"))
    settings = TrainSettings(prefix_layers=1, layer_cache_mb=3)
    cache = attach_layer_cache(model, settings, torch.device("cpu"))
    assert cache is model.layer_cache and cache is not None and 0 < cache.budget <= 3 * 2**20
    for off in (
        TrainSettings(prefix_layers=1, backbone_dropout=True),
        settings.replace(layer_cache_mb=0),
    ):
        assert attach_layer_cache(model, off, torch.device("cpu")) is None


def test_models_saved_before_late_prefix_load_with_every_layer() -> None:
    values = PrefixConfig().to_dict()
    del values["prefix_layers"]
    assert PrefixConfig.from_dict(values).prefix_layers == "all"


@pytest.mark.parametrize("value", [0, -1, "two", True, 2.5, 10_000])
def test_a_bad_prefix_depth_is_refused_by_name(value: object) -> None:
    with pytest.raises(UserError, match="prefix_layers"):
        TrainSettings(prefix_layers=value)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="prefix_layers"):
        PrefixConfig(prefix_layers=value)  # type: ignore[arg-type]


def test_the_depth_is_kept_in_the_run_settings() -> None:
    settings = default_settings(Task.NER, prefix_layers=2)
    assert settings.to_dict()["prefix_layers"] == 2
    assert TrainSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings
    assert settings.prefix_config().prefix_layers == 2


class Messages(TrainingCallbacks):
    def __init__(self) -> None:
        self.messages: list[str] = []
        self.dev_items: list[list[ItemPrediction]] = []

    def on_message(self, message: str) -> None:
        self.messages.append(message)

    def on_best_model(self, best: BestModel) -> None:
        self.dev_items = best.dev_items


def test_training_a_late_prefix_uses_the_cache_and_keeps_a_predicting_model(
    tmp_path: Path,
) -> None:
    project = classification_project(tmp_path)
    data, base = collect_examples(project), project.info().base_model
    messages = Messages()
    result = train_model(data, fast_settings(prefix_layers=1), tmp_path / "m", base, messages)
    project.close()
    assert result.status == "finished" and result.metrics["accuracy"] >= 0.75  # chance: 0.5
    cache = result.metrics["layer_cache"]
    assert 0 < cache["texts"] <= len(data.train) + len(data.dev) and not cache["over_budget"]
    assert cache["hits"] >= 5 * cache["misses"]  # six epochs and evaluations, one computation
    assert any(m.startswith("Late prefix: lower layers cached") for m in messages.messages)
    predictor = Predictor(result.model_dir)
    assert predictor.meta.prefix.prefix_layers == 1
    for loaded, live in zip(predictor.predict(data.dev), messages.dev_items, strict=True):
        assert loaded[0].payload.label == live[0].payload.label  # type: ignore[union-attr]
        assert loaded[0].confidence == pytest.approx(live[0].confidence, abs=1e-5)
