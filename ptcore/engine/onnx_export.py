"""A saved model as one ONNX graph with its prefix baked in, for use without P-Tuning Studio.

A P-tuning v2 prefix cannot be merged into the backbone's weights (unlike LoRA), so the graph
holds it as a constant: its inputs are token ids and the attention mask (plus token types where
the backbone has them), its one output the head's logits. The prefix attention function
(``prefix_attention.py``) is traced like any other module, so its ``cat`` of prefix and keys is
in the graph. Beside ``NAME.onnx`` go ``NAME.tokenizer/`` (the backbone's tokenizer files) and
``NAME.json``: task, labels, decoding settings and input names, everything a caller needs to
tokenize and to read the logits (``onnx_predictor.py`` does exactly that).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ptcore.engine.checkpoint import load_model
from ptcore.engine.model import SENTENCE_TASKS, PrefixTunedModel
from ptcore.engine.predictor import decoding_of
from ptcore.errors import UserError
from ptcore.extras import require

OPSET = 18
FORMAT = "ptcore-onnx"
FORMAT_VERSION = 1
OUTPUT = "logits"


@dataclass(frozen=True)
class ExportedFiles:
    """Where the export wrote the graph, its tokenizer folder and its settings."""

    graph: Path
    tokenizer: Path
    settings: Path


def sidecar_paths(graph: str | Path) -> tuple[Path, Path]:
    """The tokenizer folder and the settings JSON that belong beside ``graph``."""
    path = Path(graph)
    return path.with_name(path.stem + ".tokenizer"), path.with_suffix(".json")


class LogitsGraph(nn.Module):
    """What ONNX sees: the model's forward from token ids to logits, nothing else."""

    def __init__(self, model: PrefixTunedModel) -> None:
        super().__init__()
        self.model = model

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> torch.Tensor:
        return self.model(input_ids, attention_mask, token_type_ids).logits


def input_names(model: PrefixTunedModel) -> list[str]:
    """Token types are an input only where the backbone has more than one type."""
    names = ["input_ids", "attention_mask"]
    return [*names, "token_type_ids"] if model.backbone.config.type_vocab_size > 1 else names


def export_model(
    model_dir: str | Path, out: str | Path, base_model_path: str | Path | None = None
) -> ExportedFiles:
    """Write ``out`` (.onnx) and its tokenizer and settings beside it."""
    graph = Path(out)
    if graph.suffix != ".onnx":
        raise UserError(f"{graph}: the output file must end in .onnx")
    if not graph.parent.is_dir():
        raise UserError(f"{graph.parent} is not a folder.")
    require("onnx", "onnx")
    model, tokenizer, meta = load_model(model_dir, base_model_path)
    names = input_names(model.eval())
    write_graph(model, names, graph)
    tokenizer_dir, settings = sidecar_paths(graph)
    tokenizer.save_pretrained(str(tokenizer_dir))
    values = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "task": meta.task.value,
        "labels": meta.labels,
        "decoding": decoding_of(meta).to_dict(),
        "inputs": names,
        "output": OUTPUT,
        "tokenizer": tokenizer_dir.name,
        "prefix_len": meta.prefix.prefix_len,
        "base_model": {"path": meta.base_model.path, "fingerprint": meta.base_model.fingerprint},
    }
    settings.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")
    return ExportedFiles(graph, tokenizer_dir, settings)


def write_graph(model: PrefixTunedModel, names: list[str], graph: Path) -> None:
    """Trace ``model`` on a small padded batch into one self-contained ONNX file."""
    example = _example_inputs(names)
    axes: dict[str, Any] = {name: {0: "batch", 1: "tokens"} for name in names}
    axes[OUTPUT] = {0: "batch"} if model.task in SENTENCE_TASKS else {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LogitsGraph(model),
            tuple(example[name] for name in names),
            str(graph),
            input_names=names,
            output_names=[OUTPUT],
            opset_version=OPSET,
            dynamic_axes=axes,
            dynamo=False,
        )


def _example_inputs(names: list[str]) -> dict[str, torch.Tensor]:
    """Two rows of eight tokens, the second padded, so the mask is really used."""
    ids = torch.tensor([[2, 10, 11, 12, 13, 14, 15, 3], [2, 10, 11, 3, 0, 0, 0, 0]])
    mask = (ids != 0).long()
    values = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}
    return {name: values[name] for name in names}
