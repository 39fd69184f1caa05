"""Checking a base-model folder on the spot, without importing torch on the GUI thread.

The engine does the full check when it loads a model; this one answers quickly while the
user types: is there a transformers config and a tokenizer vocabulary?
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2 (embedded)"
TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "vocab.json",
    "sentencepiece.bpe.model",
    "spiece.model",
)


def model_folder_problem(folder: str | Path) -> str | None:
    """Why ``folder`` is not a usable local Hugging Face model, or None when it looks fine."""
    path = Path(folder).expanduser()
    if not str(folder).strip():
        return "Choose a model folder."
    if not path.is_dir():
        return f"{path} is not a folder."
    config = path / "config.json"
    if not config.is_file():
        return "This folder has no config.json: it is not a Hugging Face model folder."
    try:
        model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type", "")
    except (OSError, ValueError):
        return "config.json in this folder cannot be read."
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        return "This folder has no tokenizer files (tokenizer.json or vocab.txt)."
    if not model_type:
        return "config.json does not say which model type this is."
    return None
