"""A trained model on disk: a small folder that points at its backbone instead of copying it.

``weights.safetensors`` holds the prefix and the head (no pickle anywhere); ``ptmodel.json`` says
which backbone (path and fingerprint), which task and labels, how the prefix was configured, and
the training settings and metrics the caller passes.

The prefix is stored as the key/values it produces, never as the reparameterisation MLP: the MLP
only eases optimisation and can be dropped after training (Li & Liang, 2021). So a checkpoint is
``layers x 2 x prefix_len x hidden`` floats plus the head, ~1.2 MB for MiniLM with prefix 64,
whatever the projection size; a loaded model holds its prefix directly.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine import backbone as backbones
from ptcore.engine.config import PrefixConfig
from ptcore.engine.model import BackboneRef, PrefixTunedModel, bias_terms
from ptcore.engine.preflight import META_FILE
from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.records import Task
from ptcore.store.model_folders import check_complete, write_folder

WEIGHTS_FILE = "weights.safetensors"
# 2: the folder carries a manifest (version 1 folders load without one); 3: the backbone's
# bias terms are stored too (train_biases), written only then, so that an older program,
# which would load the model without them and predict wrongly, refuses it instead.
FORMAT_VERSION = 3
WITHOUT_BIAS_TERMS_VERSION = 2
MAX_META_BYTES = 1_000_000
MAX_LABELS = 10_000
MAX_LABEL_CHARS = 200
PREFIX_KEY = "prefix.key_values"
HEAD_PREFIX = "head."
BACKBONE_PREFIX = "backbone."  # the bias and LayerNorm terms of train_biases


@dataclass
class ModelMeta:
    """Everything in ``ptmodel.json``; ``prefix`` is the configuration the model trained with."""

    task: Task
    labels: list[str]
    prefix: PrefixConfig
    base_model: BackboneRef
    settings: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)


def save_model(
    model: PrefixTunedModel,
    folder: str | Path,
    labels: list[str],
    settings: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
) -> ModelMeta:
    """Write ``model`` into ``folder`` (created if needed); ``labels`` name the head's outputs
    (class names or BIO tags; empty for QA)."""
    spec = spec_for(model.task)
    if spec.head_size(len(labels)) != spec.head_size(model.num_labels):
        raise ValueError(f"{len(labels)} label names for a head with {model.num_labels} outputs")
    meta = ModelMeta(
        model.task,
        list(labels),
        model.prefix_config,
        model.backbone_ref,
        dict(settings or {}),
        dict(metrics or {}),
    )

    def write(target: Path) -> None:
        save_file(_trained_tensors(model), str(target / WEIGHTS_FILE), metadata={"format": "pt"})
        (target / META_FILE).write_text(
            json.dumps(_meta_to_json(meta), indent=2, ensure_ascii=False), encoding="utf-8"
        )

    write_folder(Path(folder), write)
    return meta


def load_model(
    folder: str | Path, base_model_path: str | Path | None = None
) -> tuple[PrefixTunedModel, PreTrainedTokenizerBase, ModelMeta]:
    """The model in ``folder`` on its backbone (or on ``base_model_path`` if the backbone moved),
    its tokenizer and its metadata. Refuses a backbone whose fingerprint differs, and a folder
    that is incomplete or altered since it was saved."""
    meta = read_meta(folder)
    base = Path(base_model_path) if base_model_path else Path(meta.base_model.path)
    _check_backbone(base, meta.base_model.fingerprint)
    tensors = _read_tensors(Path(folder) / WEIGHTS_FILE)
    # Models saved before ``sentence_pooling`` existed (it reads "auto" then) read the first token.
    pooling = "first" if meta.prefix.sentence_pooling == "auto" else meta.prefix.sentence_pooling
    stored = dataclasses.replace(
        meta.prefix, prefix_projection=False, init="random", sentence_pooling=pooling
    )
    num_labels = spec_for(meta.task).head_size(len(meta.labels))
    model = PrefixTunedModel(
        backbones.load_backbone(base),
        meta.task,
        num_labels,
        stored,
        BackboneRef(str(base), meta.base_model.fingerprint),
    )
    _load_trained_tensors(model, tensors, folder)
    return model, backbones.load_tokenizer(base), meta


def read_meta(folder: str | Path) -> ModelMeta:
    """The metadata of a complete folder, e.g. to list saved models without loading them."""
    path = Path(folder) / META_FILE
    try:
        if path.stat().st_size > MAX_META_BYTES:
            raise ValueError(f"larger than {MAX_META_BYTES:,} bytes")
        values = json.loads(path.read_text(encoding="utf-8"))
        meta = _meta_from_json(values)
    except FileNotFoundError:
        raise UserError(f"{folder} is not a saved P-tuning model (no {META_FILE}).") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise UserError(f"{path} is damaged or from an unknown version: {error}") from None
    check_complete(Path(folder), required=values["format_version"] >= 2)
    return meta


def _trained_tensors(model: PrefixTunedModel) -> dict[str, torch.Tensor]:
    """The prefix as key/values plus the head's weights, detached and on the CPU."""
    tensors = {PREFIX_KEY: model.prefix.key_values()}
    tensors.update({HEAD_PREFIX + name: t for name, t in model.head.state_dict().items()})
    if model.prefix_config.train_biases:
        terms = bias_terms(model.backbone, model.prefix.first_layer)
        tensors.update({BACKBONE_PREFIX + name: t for name, t in terms.items()})
    return {name: t.detach().to("cpu", torch.float32).contiguous() for name, t in tensors.items()}


def _load_trained_tensors(
    model: PrefixTunedModel, tensors: dict[str, torch.Tensor], folder: str | Path
) -> None:
    """Put stored tensors into ``model``; a shape mismatch means the files do not belong."""
    head = {k.removeprefix(HEAD_PREFIX): t for k, t in tensors.items() if k.startswith(HEAD_PREFIX)}
    own = {
        k.removeprefix(BACKBONE_PREFIX): t
        for k, t in tensors.items()
        if k.startswith(BACKBONE_PREFIX)
    }
    try:
        model.prefix.set_key_values(tensors[PREFIX_KEY])
        model.head.load_state_dict(head)
        _load_bias_terms(model, own)
    except (KeyError, RuntimeError) as error:
        raise UserError(f"{folder}: weights do not match {META_FILE}: {error}") from None


def _load_bias_terms(model: PrefixTunedModel, stored: dict[str, torch.Tensor]) -> None:
    """The trained bias and LayerNorm terms into the backbone: exactly those ``train_biases``
    trains, or none when it was off."""
    wanted = bias_terms(model.backbone, model.prefix.first_layer)
    expected = set(wanted) if model.prefix_config.train_biases else set()
    if set(stored) != expected:
        missing, extra = sorted(expected - set(stored)), sorted(set(stored) - expected)
        raise KeyError(f"bias terms missing {missing[:3]}, unexpected {extra[:3]}")
    with torch.no_grad():
        for name, tensor in stored.items():
            wanted[name].copy_(tensor)


def _read_tensors(path: Path) -> dict[str, torch.Tensor]:
    """The safetensors file, or a UserError saying why not."""
    try:
        tensors = load_file(str(path))
    except (OSError, SafetensorError) as error:
        raise UserError(f"{path}: cannot read the model weights: {error}") from None
    for name, tensor in tensors.items():
        if not tensor.is_floating_point() or not torch.isfinite(tensor).all():
            raise UserError(f"{path}: {name} holds values that are not finite numbers.")
    return tensors


def _check_backbone(base: Path, expected: str) -> None:
    """Refuse a backbone that is missing or is not the one the prefix was trained on."""
    if not base.is_dir():
        raise UserError(f"The base model folder {base} was not found; choose where it is now.")
    if backbones.fingerprint(base) != expected:
        raise UserError(
            f"{base} is not the base model this model was trained on (fingerprint differs); "
            "choose the original base model folder."
        )


def _meta_to_json(meta: ModelMeta) -> dict[str, Any]:
    """``ptmodel.json`` contents."""
    return {
        "format_version": FORMAT_VERSION
        if meta.prefix.train_biases
        else WITHOUT_BIAS_TERMS_VERSION,
        "task": meta.task.value,
        "labels": meta.labels,
        "prefix": meta.prefix.to_dict(),
        "base_model": {"path": meta.base_model.path, "fingerprint": meta.base_model.fingerprint},
        "settings": meta.settings,
        "metrics": meta.metrics,
    }


def _meta_from_json(values: dict[str, Any]) -> ModelMeta:
    """The inverse of ``_meta_to_json``; raises ValueError on a newer format or a bad value."""
    version = values["format_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"format_version must be a whole number, not {version!r:.40}")
    if version > FORMAT_VERSION:
        raise ValueError(f"format version {version} is newer than this program")
    base = values["base_model"]
    return ModelMeta(
        task=Task(values["task"]),
        labels=_labels(values["labels"]),
        prefix=_prefix(values["prefix"]),
        base_model=BackboneRef(_text(base["path"]), _text(base["fingerprint"])),
        settings=dict(values.get("settings", {})),
        metrics=dict(values.get("metrics", {})),
    )


def _labels(labels: Any) -> list[str]:
    if not isinstance(labels, list) or len(labels) > MAX_LABELS:
        raise ValueError(f"labels must be a list of at most {MAX_LABELS:,} names")
    for label in labels:
        if not isinstance(label, str) or not 0 < len(label) <= MAX_LABEL_CHARS:
            raise ValueError(
                f"each label must be a name of 1 to {MAX_LABEL_CHARS} characters, not {label!r:.40}"
            )
    if len(set(labels)) != len(labels):
        raise ValueError("labels are not unique")
    return list(labels)


def _prefix(values: Any) -> PrefixConfig:
    if not isinstance(values, dict):
        raise ValueError("prefix must be an object")
    try:
        return PrefixConfig.from_dict(values)
    except UserError as error:
        raise ValueError(str(error)) from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, not {value!r:.40}")
    return value
