"""The prefix-tuned model on a tiny random backbone of every supported architecture."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
import torch

from tests.tiny import BACKBONE_ARCHITECTURES, encode_texts, make_backbone_dir, make_prefix_model

TEXTS = ["john smith lives in london", "mary visited the bank in paris today", "good film"]
SHORT, LONG = "good film", "mary visited the bank in paris today and said it was great"


@pytest.fixture(scope="module", params=BACKBONE_ARCHITECTURES)
def backbone_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_backbone_dir(tmp_path_factory.mktemp(request.param), request.param)


def tag_ids(encoding: Mapping[str, torch.Tensor]) -> torch.Tensor:
    """Arbitrary tag ids on real tokens, -100 on padding."""
    labels = torch.arange(encoding["input_ids"].numel()).view_as(encoding["input_ids"]) % 3
    return labels.masked_fill(encoding["attention_mask"] == 0, -100)


def test_prefix_changes_output_and_every_layer_gets_a_gradient(backbone_dir: Path) -> None:
    model, tokenizer = make_prefix_model(backbone_dir)
    encoding = encode_texts(tokenizer, TEXTS)
    inputs = {"input_ids": encoding["input_ids"], "attention_mask": encoding["attention_mask"]}
    plain = model.backbone(**inputs).last_hidden_state
    steered = model.encode(**inputs)
    assert not torch.allclose(plain, steered, atol=1e-4)

    model(**inputs, labels=tag_ids(encoding)).loss.backward()
    gradient = model.prefix.prefix.grad
    assert gradient is not None
    per_layer_and_kind = gradient.abs().sum(dim=(2, 3))
    assert (per_layer_and_kind > 0).all(), per_layer_and_kind


def test_projected_prefix_trains_through_its_mlp(backbone_dir: Path) -> None:
    model, tokenizer = make_prefix_model(backbone_dir, prefix_projection=True, projection_hidden=8)
    encoding = encode_texts(tokenizer, TEXTS)
    model(**encoding, labels=tag_ids(encoding)).loss.backward()
    trainable = [p for p in model.parameters() if p.requires_grad]
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in trainable)
    assert model.prefix.key_values().shape == (2, 2, 4, 32)


def test_backbone_is_bit_identical_after_optimiser_steps(backbone_dir: Path) -> None:
    model, tokenizer = make_prefix_model(backbone_dir, prefix_dropout=0.1, head_dropout=0.1)
    before = {name: t.clone() for name, t in model.backbone.state_dict().items()}
    prefix_before = model.prefix.prefix.detach().clone()
    encoding = encode_texts(tokenizer, TEXTS)
    # Every parameter is handed over, with weight decay, to show freezing alone protects them.
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.1)
    model.train()
    for _ in range(3):
        optimiser.zero_grad()
        model(**encoding, labels=tag_ids(encoding)).loss.backward()
        optimiser.step()
    after = model.backbone.state_dict()
    assert all(torch.equal(before[name], after[name]) for name in before)
    assert not torch.equal(prefix_before, model.prefix.prefix)


@pytest.mark.parametrize("task", ["classification", "ner"])
def test_padding_is_masked(backbone_dir: Path, task: str) -> None:
    model, tokenizer = make_prefix_model(backbone_dir, task=task)
    alone = encode_texts(tokenizer, [SHORT])
    padded = encode_texts(tokenizer, [SHORT, LONG])
    real = alone["input_ids"].shape[1] if task == "ner" else None
    assert (padded["attention_mask"][0] == 0).sum() > 3

    def first_row(input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return model.predict(input_ids, attention_mask)[0][:real]

    expected = first_row(alone["input_ids"], alone["attention_mask"])
    torch.testing.assert_close(first_row(padded["input_ids"], padded["attention_mask"]), expected)
    other_pads = padded["input_ids"].masked_fill(padded["attention_mask"] == 0, 7)
    torch.testing.assert_close(first_row(other_pads, padded["attention_mask"]), expected)
    # The checks above can fail: attending to the pads does change the result.
    unmasked = first_row(other_pads, torch.ones_like(padded["attention_mask"]))
    assert not torch.allclose(unmasked, expected, atol=1e-4)


def test_gradient_checkpointing_gives_same_loss_and_gradients(backbone_dir: Path) -> None:
    model, tokenizer = make_prefix_model(backbone_dir)
    encoding = encode_texts(tokenizer, TEXTS)
    model.train()
    plain_loss, plain_gradient = _loss_and_gradient(model, encoding)

    attention = model.backbone.encoder.layer[0].attention
    calls = []
    attention.register_forward_hook(lambda *_: calls.append(1))
    model.enable_gradient_checkpointing()
    loss, gradient = _loss_and_gradient(model, encoding)
    assert len(calls) == 2, "the layer should run again during backward"
    torch.testing.assert_close(loss, plain_loss)
    torch.testing.assert_close(gradient, plain_gradient)
    assert gradient.abs().sum(dim=(2, 3)).min() > 0


def _loss_and_gradient(model, encoding) -> tuple[torch.Tensor, torch.Tensor]:  # type: ignore[no-untyped-def]
    model.zero_grad()
    loss = model(**encoding, labels=tag_ids(encoding)).loss
    loss.backward()
    return loss.detach(), model.prefix.prefix.grad.clone()


def test_two_models_in_one_process_do_not_interfere(tmp_path: Path) -> None:
    folder = make_backbone_dir(tmp_path, "bert")
    first, tokenizer = make_prefix_model(folder, seed=1)
    second, _ = make_prefix_model(folder, seed=2)
    encoding = encode_texts(tokenizer, TEXTS)
    inputs = (encoding["input_ids"], encoding["attention_mask"])
    expected = [first.predict(*inputs), second.predict(*inputs)]
    assert not torch.allclose(expected[0], expected[1], atol=1e-4)
    assert first.backbone.config is not second.backbone.config

    results: dict[int, list[torch.Tensor]] = {0: [], 1: []}

    def run(index: int, model: torch.nn.Module) -> None:
        results[index].extend(model.predict(*inputs) for _ in range(20))

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index in (0, 1):
        assert all(torch.equal(result, expected[index]) for result in results[index])


def test_trainable_fraction_is_small(tmp_path: Path) -> None:
    model, _ = make_prefix_model(make_backbone_dir(tmp_path, "bert"), prefix_len=2)
    summary = model.trainable_parameter_summary()
    expected = 2 * 2 * 2 * 32 + (32 * 3 + 3)
    assert summary.trainable == expected
    assert summary.total == expected + sum(p.numel() for p in model.backbone.parameters())
    assert summary.fraction < 0.05


@pytest.mark.parametrize("backbone_dropout", [True, False])
def test_backbone_dropout_follows_its_setting(tmp_path: Path, backbone_dropout: bool) -> None:
    folder = make_backbone_dir(tmp_path, "bert")
    config = json.loads((folder / "config.json").read_text())
    config |= {"hidden_dropout_prob": 0.5, "attention_probs_dropout_prob": 0.5}
    (folder / "config.json").write_text(json.dumps(config))
    model, tokenizer = make_prefix_model(folder, backbone_dropout=backbone_dropout)
    encoding = encode_texts(tokenizer, TEXTS)
    inputs = {"input_ids": encoding["input_ids"], "attention_mask": encoding["attention_mask"]}

    model.train()
    first = model(**inputs).logits
    second = model(**inputs).logits
    # Prefix and head dropout are 0 here, so only the backbone's dropout can make passes differ.
    assert torch.equal(first, second) is not backbone_dropout
    assert model.backbone.training  # which gradient checkpointing needs


def test_prefix_dropout_draws_one_mask_for_the_whole_batch(tmp_path: Path) -> None:
    model, _ = make_prefix_model(make_backbone_dir(tmp_path, "bert"), prefix_dropout=0.5)
    model.train()
    batched = model.prefix(3)
    assert (batched == 0).any()  # dropout did drop
    assert torch.equal(batched[:, :, 0], batched[:, :, 1])
    assert torch.equal(batched[:, :, 0], batched[:, :, 2])
    model.eval()
    assert not (model.prefix(2) == 0).any()
