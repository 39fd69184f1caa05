"""The project model's tokenizer, to flag entity boundaries that cut through a model token.

Optional help: when no tokenizer loads (no model folder, no transformers), nothing is flagged.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from app.training.shared_libraries import load_shared_libraries
from ptcore.store.project import Project


@cache
def load_tokenizer(model_dir: str) -> Any | None:
    """Loaded once per folder (the first load imports transformers: a second or two)."""
    if not Path(model_dir).is_dir():
        return None
    try:
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    except Exception:  # any failure only means "no check": the model is optional here
        return None


def model_dir(project: Project) -> str:
    base = project.info().base_model
    if base:
        return base
    try:
        from ptcore.engine.backbone import default_model_path

        return str(default_model_path())
    except Exception:  # the default model package may be missing
        return ""


def project_tokenizer(project: Project) -> Any | None:
    """Slow the first time (imports transformers): run it in the background."""
    load_shared_libraries()  # without the GIL, before ``model_dir`` imports torch
    folder = model_dir(project)
    return load_tokenizer(folder) if folder else None
