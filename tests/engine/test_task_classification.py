"""Classification codec: features, labels, decoding and threshold tuning."""

from __future__ import annotations

import numpy as np
import pytest

from ptcore.engine.tasks.classification import (
    decode_multi_label,
    decode_single_label,
    encode_classification,
    tune_threshold,
)
from ptcore.engine.tasks.collate import collator_for
from ptcore.records import DocumentRecord, Task
from tests.tiny import make_tokenizer

LABELS = ["neg", "pos", "neutral"]


def test_single_label_features_carry_class_ids_and_are_truncated() -> None:
    records = [
        DocumentRecord("good movie", labels=["pos"]),
        DocumentRecord("bad " * 50, labels=["neg"]),
    ]
    features = encode_classification(records, make_tokenizer(), LABELS, max_length=16)
    assert [feature["labels"] for feature in features] == [1, 0]
    assert len(features[0]["input_ids"]) == 4
    assert len(features[1]["input_ids"]) == 16
    assert set(features[0]) == {"input_ids", "token_type_ids", "attention_mask", "labels"}


def test_multi_label_features_carry_multi_hot_vectors() -> None:
    records = [DocumentRecord("good fun film", labels=["pos", "neutral"]), DocumentRecord("ok")]
    features = encode_classification(records, make_tokenizer(), LABELS, multi_label=True)
    assert [feature["labels"] for feature in features] == [[0.0, 1.0, 1.0], [0.0, 0.0, 0.0]]


def test_unlabelled_features_have_no_labels() -> None:
    features = encode_classification(
        [DocumentRecord("我喜欢电影😀")], make_tokenizer(), LABELS, with_labels=False
    )
    assert "labels" not in features[0]


@pytest.mark.parametrize(
    ("labels", "multi_label"),
    [(["bad label"], False), (["neg", "pos"], False), ([], False), (["x"], True)],
)
def test_bad_gold_labels_are_rejected(labels: list[str], multi_label: bool) -> None:
    with pytest.raises(ValueError):
        encode_classification(
            [DocumentRecord("a", labels=labels)], make_tokenizer(), LABELS, multi_label=multi_label
        )


def test_single_label_decoding_takes_the_softmax_argmax() -> None:
    logits = np.array([[0.0, np.log(3.0), 0.0], [2.0, 0.0, 0.0]])
    first, second = decode_single_label(logits, LABELS)
    assert first.label == "pos"
    assert first.confidence == pytest.approx(0.6)
    assert first.probabilities == pytest.approx({"neg": 0.2, "pos": 0.6, "neutral": 0.2})
    assert second.label == "neg"


def test_multi_label_decoding_thresholds_each_sigmoid() -> None:
    logits = np.array([[0.0, 2.0, -2.0], [-3.0, -1.0, -0.5]])
    first, second = decode_multi_label(logits, LABELS)
    assert first.labels == ("neg", "pos")  # sigmoid(0) == 0.5 reaches the default threshold
    assert first.probabilities["neutral"] == pytest.approx(1 / (1 + np.exp(2.0)))
    assert second.labels == ()
    assert decode_multi_label(logits, LABELS, threshold=0.3)[1].labels == ("neutral",)


def test_tuned_threshold_maximises_micro_f1() -> None:
    probs = np.array([[0.9, 0.35, 0.2], [0.4, 0.8, 0.3], [0.1, 0.3, 0.05]])
    gold = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]])
    threshold = tune_threshold(probs, gold)
    assert 0.3 < threshold <= 0.35  # exactly the four gold probabilities reach it
    predicted = probs >= threshold
    assert (predicted == gold.astype(bool)).all()


def test_tuned_threshold_prefers_the_default_on_ties_and_handles_empty_input() -> None:
    probs = np.array([[0.9, 0.1]])
    assert tune_threshold(probs, np.array([[1, 0]])) == pytest.approx(0.5)
    assert tune_threshold(np.zeros((0, 2)), np.zeros((0, 2))) == 0.5


def test_collator_pads_classification_batches() -> None:
    tokenizer = make_tokenizer()
    records = [DocumentRecord("good movie", labels=["pos"]), DocumentRecord("a", labels=["neg"])]
    batch = collator_for(Task.CLASSIFICATION, tokenizer, pad_to_multiple_of=None)(
        encode_classification(records, tokenizer, LABELS)
    )
    assert batch["input_ids"].shape == (2, 4)
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]
    assert batch["labels"].tolist() == [1, 0]
