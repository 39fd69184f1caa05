"""Checks that need no model, run before torch is even imported.

Loading torch and transformers takes seconds (minutes on a busy machine), so every refusal a
user can cause — no labels, one class, a missing file, a folder that is not a saved model, a
run without a model — is raised here first, as a ``UserError`` naming the problem.
"""

from __future__ import annotations

import json
from pathlib import Path

from ptcore.engine.examples import TrainingData, collect_examples
from ptcore.errors import UserError
from ptcore.store.project import Project
from ptcore.store.views import Run

META_FILE = "ptmodel.json"
BACKBONE_CONFIG = "config.json"


def check_training(project: Project, seed: int) -> TrainingData:
    """The run's examples (or why there are none) and a readable base model folder."""
    data = collect_examples(project, seed)
    base = project.info().base_model
    if base and not (Path(base) / BACKBONE_CONFIG).is_file():
        raise UserError(f"{base} is not a transformers model folder (no {BACKBONE_CONFIG}).")
    return data


def check_model_folder(folder: str | Path) -> None:
    """Refuse anything that is not a saved P-tuning model folder."""
    path = Path(folder)
    if not path.is_dir():
        raise UserError(f"{folder} is not a folder; --model takes a saved model folder.")
    try:
        json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{folder} is not a saved P-tuning model (no {META_FILE}).") from None
    except (OSError, ValueError) as error:
        raise UserError(f"{path / META_FILE} is damaged: {error}") from None


def check_input_file(file: str | Path) -> None:
    if not Path(file).is_file():
        raise UserError(f"{file}: no such file.")


def model_run(project: Project, run_id: int | None) -> Run:
    """The given run, or the latest finished one; it must have a saved model."""
    run = project.runs.get(run_id) if run_id else project.runs.latest_finished()
    if run is None:
        raise UserError("No finished training run yet; train a model first.")
    project.model_folder(run)  # saved, and inside the project's models folder
    return run
