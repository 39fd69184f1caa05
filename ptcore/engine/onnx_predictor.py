"""Prediction with an exported ONNX graph (``onnx_export.py``) on onnxruntime's CPU provider.

Everything but the forward pass is the PyTorch predictor's own: the same encoding, the same
length-sorted batching and the same decoding, so both give the same predictions. onnxruntime is
imported only here, when an ONNX model is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ptcore.engine.backbone import load_tokenizer
from ptcore.engine.decoding import Decoding, ItemPrediction, RawOutput, decode
from ptcore.engine.onnx_export import FORMAT, OUTPUT, sidecar_paths
from ptcore.engine.predictor import DEFAULT_BATCH_SIZE, batched_logits, encode
from ptcore.engine.tasks.collate import collator_for
from ptcore.errors import UserError
from ptcore.extras import require
from ptcore.records import DocumentRecord, Task


def read_settings(graph: Path) -> dict[str, Any]:
    """The JSON written beside the graph, checked to be ours."""
    path = sidecar_paths(graph)[1]
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{graph}: {path.name} is missing beside it; export the model again."
        ) from None
    except ValueError as error:
        raise UserError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(values, dict) or values.get("format") != FORMAT:
        raise UserError(f"{path} was not written by 'ptcore export-model'.")
    return values


class OnnxPredictor:
    """An exported graph, ready to label records like ``Predictor``."""

    def __init__(
        self, graph: str | Path, batch_size: int = DEFAULT_BATCH_SIZE, threads: int = 0
    ) -> None:
        """``threads``: onnxruntime's intra-op threads (0: its default, one per core)."""
        require("onnx", "onnxruntime")
        import onnxruntime

        path = Path(graph)
        if not path.is_file():
            raise UserError(f"{path} was not found.")
        settings = read_settings(path)
        self.task = Task(settings["task"])
        self.labels: list[str] = list(settings["labels"])
        self.decoding = Decoding.from_dict(settings["decoding"])
        self.inputs: list[str] = list(settings["inputs"])
        self.batch_size = batch_size
        self.tokenizer = load_tokenizer(path.parent / settings["tokenizer"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )

    def raw(self, records: Sequence[DocumentRecord], batch_size: int | None = None) -> RawOutput:
        features, encoding = encode(
            self.task, records, self.tokenizer, self.labels, self.decoding.max_length, False
        )
        collate = collator_for(self.task, self.tokenizer, pad_to_multiple_of=None)
        size = batch_size or self.batch_size
        logits = batched_logits(collate, features, self.forward, size) if features else []
        return RawOutput(self.task, list(records), logits, encoding)

    def predict(
        self, records: Sequence[DocumentRecord], batch_size: int | None = None
    ) -> list[list[ItemPrediction]]:
        """Predictions per record: one per document, or for QA one per question."""
        return decode(self.raw(records, batch_size), self.labels, self.decoding)

    def forward(self, batch: dict[str, torch.Tensor]) -> np.ndarray:
        """The graph's logits for one padded batch (token types default to zeros)."""
        ids = batch["input_ids"]
        feeds = {
            name: batch.get(name, torch.zeros_like(ids)).numpy().astype(np.int64)
            for name in self.inputs
        }
        return np.asarray(self.session.run([OUTPUT], feeds)[0])
