"""What a local model folder is, checked on the spot, for the model manager.

``describe_model`` verifies a folder the way training will use it (a supported architecture,
a tokenizer that loads, a fingerprint) and reads its sizes without loading any weights: the
parameter count comes from the safetensors headers.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

from ptcore.engine import backbone as backbones
from ptcore.engine.checkpoint import META_FILE
from ptcore.errors import UserError
from ptcore.store.project import Project

BYTES_PER_PARAMETER = 4  # a .bin checkpoint without a header: assume float32


@dataclass(frozen=True)
class ModelInfo:
    path: str
    architecture: str
    parameters: int
    layers: int
    hidden_size: int
    vocab_size: int
    disk_bytes: int
    fingerprint: str


def describe_model(folder: str | Path | None = None) -> ModelInfo:
    """The facts of ``folder`` (default: the embedded model); a UserError names what is wrong
    (not a model folder, an unsupported architecture, a tokenizer that does not load)."""
    path = Path(folder) if folder else backbones.default_model_path()
    config = backbones.read_backbone_config(path)
    tokenizer = backbones.load_tokenizer(path)
    return ModelInfo(
        str(path),
        config.model_type,
        parameter_count(path),
        int(config.num_hidden_layers),
        int(config.hidden_size),
        len(tokenizer),
        folder_bytes(path),
        backbones.fingerprint(path),
    )


def parameter_count(folder: Path) -> int:
    """Parameters in the weight files: exact from safetensors headers, else estimated from the
    size of PyTorch .bin files."""
    files = sorted(folder.glob("*.safetensors"))
    if files:
        return sum(_safetensors_parameters(path) for path in files)
    return sum(path.stat().st_size for path in folder.glob("pytorch_model*.bin")) // (
        BYTES_PER_PARAMETER
    )


def _safetensors_parameters(path: Path) -> int:
    """Sum of the tensor shapes in a safetensors header (8-byte length, then JSON)."""
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    return sum(
        math.prod(entry["shape"]) for name, entry in header.items() if name != "__metadata__"
    )


def folder_bytes(folder: Path) -> int:
    """Size of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def runs_on_other_models(project: Project, fingerprint: str) -> list[int]:
    """Ids of the project's runs whose saved model was trained on another backbone: they keep
    working on that one (its folder must stay), but not on the new one."""
    ids = []
    for run in project.runs.all():
        try:
            meta = project.model_folder(run) / META_FILE
        except UserError:
            continue  # no saved model, or one outside the project's models folder
        if meta.is_file():
            base = json.loads(meta.read_text(encoding="utf-8")).get("base_model", {})
            if base.get("fingerprint") != fingerprint:
                ids.append(run.id)
    return ids
