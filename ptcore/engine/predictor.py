"""Running a model over records: encoding, batched inference, decoding to payloads.

Used by training (dev evaluation, live predictions) and, through ``Predictor``, by anything
that loads a saved model folder. Features are sorted by length before batching so padding
stays small, and inference runs under ``torch.inference_mode`` (no graph is recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine.checkpoint import ModelMeta, load_model
from ptcore.engine.decoding import Decoding, ItemPrediction, RawOutput, decode, disagrees
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.quantize import quantize_linear_layers
from ptcore.engine.tasks.collate import collator_for
from ptcore.engine.tasks.registry import spec_for
from ptcore.engine.tasks.spec import Encoding
from ptcore.records import DocumentRecord, Task

MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
DEFAULT_BATCH_SIZE = 32

__all__ = ["Decoding", "ItemPrediction", "Predictor", "disagrees", "encode", "run_model"]


def encode(
    task: Task,
    records: Sequence[DocumentRecord],
    tokenizer: PreTrainedTokenizerBase,
    labels: list[str],
    max_length: int,
    with_labels: bool = True,
) -> tuple[list[dict[str, Any]], Encoding]:
    """Model features for ``records`` (and the encoding NER/QA need to decode them)."""
    return spec_for(task).encode(records, tokenizer, labels, max_length, with_labels)


def feature_logits(
    model: PrefixTunedModel,
    tokenizer: PreTrainedTokenizerBase,
    features: list[dict[str, Any]],
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[np.ndarray]:
    """Float32 logits per feature, token-level ones cut to the feature's own length."""

    def forward(batch: dict[str, torch.Tensor]) -> np.ndarray:
        logits = model.predict(
            batch["input_ids"], batch["attention_mask"], batch.get("token_type_ids")
        )
        return logits.float().cpu().numpy()

    # Rounding lengths up to a multiple of 8 helps GPU tensor cores; on a CPU it only adds
    # padding (up to 40% more tokens on short sentences).
    on_gpu = model.head.linear.weight.device.type == "cuda"
    collate = collator_for(model.task, tokenizer, pad_to_multiple_of=8 if on_gpu else None)
    with torch.inference_mode():
        return batched_logits(collate, features, forward, batch_size)


def batched_logits(
    collate: Callable[[list[dict[str, Any]]], Any],
    features: list[dict[str, Any]],
    forward: Callable[[dict[str, torch.Tensor]], np.ndarray],
    batch_size: int,
) -> list[np.ndarray]:
    """``forward`` over features batched in order of length (little padding), put back in
    their own order; shared by the PyTorch and the ONNX predictors."""
    order = sorted(range(len(features)), key=lambda i: len(features[i]["input_ids"]))
    found: dict[int, np.ndarray] = {}
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        logits = forward(collate([_inputs(features[i]) for i in chunk]))
        for i, row in zip(chunk, logits, strict=True):
            found[i] = row if row.ndim == 1 else row[: len(features[i]["input_ids"])]
    return [found[i] for i in range(len(features))]


def _inputs(feature: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in feature.items() if key in MODEL_INPUTS}


def run_model(
    model: PrefixTunedModel,
    tokenizer: PreTrainedTokenizerBase,
    records: Sequence[DocumentRecord],
    labels: list[str],
    max_length: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RawOutput:
    """The raw outputs of ``model`` on ``records``; restores training mode afterwards."""
    was_training = model.training
    features, encoding = encode(model.task, records, tokenizer, labels, max_length, False)
    try:
        logits = feature_logits(model, tokenizer, features, batch_size) if features else []
    finally:
        model.train(was_training)
    return RawOutput(model.task, list(records), logits, encoding)


class Predictor:
    """A saved model folder, ready to label records."""

    def __init__(
        self,
        model_dir: str | Path,
        batch_size: int = DEFAULT_BATCH_SIZE,
        base_model_path: str | Path | None = None,
        quantize: bool = False,
    ) -> None:
        """``quantize``: int8 backbone (CPU only; ``quantize.py``), faster, scores move a little."""
        self.model, self.tokenizer, self.meta = load_model(model_dir, base_model_path)
        self.model.eval()
        if quantize:
            quantize_linear_layers(self.model.backbone)
        self.batch_size = batch_size
        self.decoding = decoding_of(self.meta)

    @property
    def task(self) -> Task:
        return self.meta.task

    def to(self, device: torch.device | str) -> Predictor:
        """Run on ``device`` from now on."""
        self.model.to(device)
        return self

    @property
    def labels(self) -> list[str]:
        return self.meta.labels

    def raw(self, records: Sequence[DocumentRecord], batch_size: int | None = None) -> RawOutput:
        return run_model(
            self.model,
            self.tokenizer,
            records,
            self.meta.labels,
            self.decoding.max_length,
            batch_size or self.batch_size,
        )

    def predict(
        self, records: Sequence[DocumentRecord], batch_size: int | None = None
    ) -> list[list[ItemPrediction]]:
        """Predictions per record: one per document, or for QA one per question."""
        return decode(self.raw(records, batch_size), self.meta.labels, self.decoding)


def decoding_of(meta: ModelMeta) -> Decoding:
    """The decoding the model was tuned with (older folders: sensible defaults)."""
    values = meta.settings.get("decoding")
    if values:
        return Decoding.from_dict(values)
    return Decoding(int(meta.settings.get("max_length", 128)))
