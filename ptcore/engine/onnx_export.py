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
import os
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn
from transformers import PreTrainedTokenizerBase

from ptcore.engine.checkpoint import load_model
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import decoding_of
from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.extras import require
from ptcore.store.safe_output import atomic_output, check_target

OPSET = 18
FORMAT = "ptcore-onnx"
FORMAT_VERSION = 1
OUTPUT = "logits"
TOKENIZER_CONFIG = "tokenizer_config.json"


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
    tokenizer_dir, settings = sidecar_paths(graph)
    for target in (graph, settings):
        check_target(target)
    check_tokenizer_target(tokenizer_dir)
    model, tokenizer, meta = load_model(model_dir, base_model_path)
    names = input_names(model.eval())
    with atomic_output(graph) as partial:
        write_graph(model, names, partial)
    write_tokenizer(tokenizer, tokenizer_dir)
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
        "prefix_layers": meta.prefix.prefix_layers,
        "base_model": {"path": meta.base_model.path, "fingerprint": meta.base_model.fingerprint},
    }
    with atomic_output(settings) as partial:
        partial.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")
    return ExportedFiles(graph, tokenizer_dir, settings)


def check_tokenizer_target(folder: Path) -> None:
    if folder.exists() and not (folder / TOKENIZER_CONFIG).is_file():
        raise UserError(f"{folder} exists and is not an exported tokenizer; move it away first.")


def write_tokenizer(tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Save the tokenizer to a temporary sibling, then put it in place of ``folder``; an
    existing folder is replaced only if it holds a tokenizer (an earlier export), never
    anything else."""
    check_tokenizer_target(folder)
    partial = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)  # our own leftover from an earlier kill
    tokenizer.save_pretrained(str(partial))
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(partial, folder)


def write_graph(model: PrefixTunedModel, names: list[str], graph: Path) -> None:
    """Trace ``model`` on a small padded batch into one self-contained ONNX file."""
    example = _example_inputs(names)
    axes: dict[str, Any] = {name: {0: "batch", 1: "tokens"} for name in names}
    per_text = spec_for(model.task).sentence_level
    axes[OUTPUT] = {0: "batch"} if per_text else {0: "batch", 1: "tokens"}
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
