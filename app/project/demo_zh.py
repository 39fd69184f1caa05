"""The start page's Chinese demo: built on the first registered model that reads Chinese;
without one, a message says what it needs instead of training a model that cannot read it."""

from __future__ import annotations

from pathlib import Path

from app.models.model_registry import registered_models

TASK = "ner-zh"


def chinese_demo(folder: Path) -> Path:
    """Background op: the demo project's path, or a UserError saying what is needed."""
    from ptcore.demo_zh import chinese_demo_project, first_chinese_model

    model = first_chinese_model(registered_models())
    return chinese_demo_project(folder, model)
