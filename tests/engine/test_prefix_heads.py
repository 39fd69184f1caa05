"""Task heads, their losses, prediction and activation initialisation on a tiny BERT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from ptcore.engine.backbone import default_model_path, trained_pooling
from ptcore.errors import UserError
from tests.tiny import encode_texts, make_backbone_dir, make_prefix_model

TEXTS = ["john smith lives in london", "mary visited the bank in paris today", "good film"]


@pytest.fixture(scope="module")
def bert_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_backbone_dir(tmp_path_factory.mktemp("bert"), "bert")


def test_single_label_head_reads_the_first_token_and_uses_cross_entropy(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, task="classification", num_labels=4)
    encoding = encode_texts(tokenizer, TEXTS)
    labels = torch.tensor([0, 3, 1])
    output = model(**encoding, labels=labels)
    states = model.encode(encoding["input_ids"], encoding["attention_mask"])
    torch.testing.assert_close(output.logits, model.head.linear(states[:, 0]))
    torch.testing.assert_close(output.loss, F.cross_entropy(output.logits, labels))


def test_mean_pooling_head_averages_real_tokens_only(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(
        bert_dir, task="classification", num_labels=2, sentence_pooling="mean"
    )
    batch = encode_texts(tokenizer, TEXTS)
    alone = encode_texts(tokenizer, TEXTS[2:])
    assert batch["input_ids"].shape[1] > alone["input_ids"].shape[1]  # "good film" is padded
    torch.testing.assert_close(model(**batch).logits[2], model(**alone).logits[0])
    states = model.encode(alone["input_ids"], alone["attention_mask"])
    torch.testing.assert_close(model(**alone).logits, model.head.linear(states.mean(dim=1)))


def test_layer_mix_head_reads_a_trainable_weighted_sum_of_every_layer(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, task="ner", num_labels=3, layer_mix=True)
    model.eval()
    encoding = encode_texts(tokenizer, TEXTS)
    layers = model.backbone(
        **encoding, output_hidden_states=True, **model.prefix_arguments(len(TEXTS))
    ).hidden_states
    assert len(layers) == model.backbone.config.num_hidden_layers + 1
    with torch.no_grad():
        model.head.layer_weights.copy_(torch.linspace(1.0, -1.0, len(layers)))
    weights = torch.softmax(model.head.layer_weights.detach(), dim=0)
    expected = sum(w * layer for w, layer in zip(weights, layers, strict=True))
    states = model.encode(encoding["input_ids"], encoding["attention_mask"])
    torch.testing.assert_close(states, expected)
    assert not torch.allclose(states, layers[-1])

    model.train()
    labels = torch.zeros_like(encoding["input_ids"])
    model(**encoding, labels=labels).loss.backward()
    assert model.head.layer_weights.grad is not None
    assert model.head.layer_weights.grad.abs().sum() > 0


@pytest.mark.parametrize(
    ("pooling_file", "expected"),
    [
        ({"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}, "mean"),
        ({"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}, "first"),
        (None, "first"),
    ],
)
def test_auto_pooling_follows_how_the_backbone_was_trained(
    tmp_path: Path, pooling_file: dict[str, bool] | None, expected: str
) -> None:
    folder = make_backbone_dir(tmp_path, "bert")
    if pooling_file is not None:
        (folder / "1_Pooling").mkdir()
        (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling_file))
    model, _ = make_prefix_model(folder, task="classification", num_labels=2)
    assert model.prefix_config.sentence_pooling == model.head.pooling == expected


def test_default_minilm_is_read_as_the_mean_of_its_tokens() -> None:
    assert trained_pooling(default_model_path()) == "mean"


def test_multilabel_head_uses_sigmoid_bce(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, task="multilabel", num_labels=3)
    encoding = encode_texts(tokenizer, TEXTS)
    labels = torch.tensor([[1, 0, 1], [0, 0, 0], [1, 1, 1]])
    output = model(**encoding, labels=labels)
    assert output.logits.shape == (3, 3)
    expected = F.binary_cross_entropy_with_logits(output.logits, labels.float())
    torch.testing.assert_close(output.loss, expected)


def test_token_head_ignores_minus_100(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, task="ner", num_labels=5)
    encoding = encode_texts(tokenizer, TEXTS)
    labels = torch.full_like(encoding["input_ids"], -100)
    labels[:, 1] = torch.tensor([1, 2, 3])
    output = model(**encoding, labels=labels)
    assert output.logits.shape == (*encoding["input_ids"].shape, 5)
    torch.testing.assert_close(output.loss, F.cross_entropy(output.logits[:, 1], labels[:, 1]))


def test_span_head_averages_start_and_end_loss_and_ignores_outside_positions(
    bert_dir: Path,
) -> None:
    model, tokenizer = make_prefix_model(bert_dir, task="qa", num_labels=0)
    questions, contexts = ["who lives in london"] * 2, ["john smith lives in london"] * 2
    encoding = tokenizer(questions, contexts, return_tensors="pt")
    start, end = torch.tensor([7, 0]), torch.tensor([8, 0])
    output = model(**encoding, start_positions=start, end_positions=end)
    assert output.logits.shape == (2, encoding["input_ids"].shape[1], 2)
    start_loss = F.cross_entropy(output.start_logits, start)
    end_loss = F.cross_entropy(output.end_logits, end)
    torch.testing.assert_close(output.loss, (start_loss + end_loss) / 2)

    outside = model(**encoding, start_positions=torch.tensor([7, 99]), end_positions=end)
    start_loss = F.cross_entropy(output.start_logits[:1], start[:1])
    torch.testing.assert_close(outside.loss, (start_loss + end_loss) / 2)
    assert model(**encoding).loss is None


def test_classification_needs_two_labels(bert_dir: Path) -> None:
    with pytest.raises(UserError, match="at least 2 labels"):
        make_prefix_model(bert_dir, task="classification", num_labels=1)


def test_predict_runs_in_eval_and_inference_mode(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, prefix_dropout=0.5, head_dropout=0.5)
    encoding = encode_texts(tokenizer, TEXTS)
    model.train()
    first = model.predict(encoding["input_ids"], encoding["attention_mask"])
    assert first.is_inference() and not model.training
    assert torch.equal(first, model.predict(encoding["input_ids"], encoding["attention_mask"]))


def test_activation_init_copies_real_key_values(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, init="activations")
    encoding = encode_texts(tokenizer, TEXTS)
    random_start = model.prefix.prefix.detach().clone()
    model.init_prefix_from_activations(encoding["input_ids"], encoding["attention_mask"])
    prefix = model.prefix.prefix.detach()
    assert prefix.shape == random_start.shape == (2, 2, 4, 32)
    assert not torch.allclose(prefix, random_start)
    # Position 0 of the prefix is the first real token: text 0's [CLS], at layer 0.
    with torch.no_grad():
        embedded = model.backbone.embeddings(encoding["input_ids"][:1])
        attention = model.backbone.encoder.layer[0].attention.self
        torch.testing.assert_close(prefix[0, 0, 0], attention.key(embedded)[0, 0])
        torch.testing.assert_close(prefix[0, 1, 0], attention.value(embedded)[0, 0])


def test_activation_init_reuses_tokens_when_texts_are_short(bert_dir: Path) -> None:
    model, tokenizer = make_prefix_model(bert_dir, prefix_len=9, init="activations")
    encoding = encode_texts(tokenizer, ["good"])  # [CLS] good [SEP]: three tokens
    model.init_prefix_from_activations(encoding["input_ids"], encoding["attention_mask"])
    prefix = model.prefix.prefix.detach()
    torch.testing.assert_close(prefix[:, :, 3:6], prefix[:, :, :3])
    assert model.prefix.prefix.requires_grad
