"""Tiny trainable projects and settings for the training GUI tests (seconds per run)."""

from __future__ import annotations

from pathlib import Path

from app.training.train_panel import TrainPanel
from ptcore.engine.runner import train_project
from tests.engine.projects import classification_project, fast_settings


def tiny_project(tmp_path: Path, runs: int = 0, **settings: object) -> Path:
    """A labeled classification project on a tiny backbone, with ``runs`` finished runs."""
    with classification_project(tmp_path) as project:
        for _ in range(runs):
            train_project(project, fast_settings(epochs=1, **settings))
        return project.path


def use_tiny_settings(panel: TrainPanel, epochs: float = 2) -> None:
    """What a person would type into Advanced to train a tiny model quickly."""
    form = panel.form
    form.epochs.setValue(epochs)
    form.prefix_len.setValue(4)
    form.learning_rate.setValue(0.05)
    form.batch_size.setValue(8)
    form.device.setCurrentText("cpu")
