"""The one ``TaskSpec`` of each task: what the engine, the CLI and the GUI ask."""

from __future__ import annotations

from typing import Any

from ptcore.engine.tasks.label_specs import ClassificationSpec, LabelSpec, MultilabelSpec
from ptcore.engine.tasks.ner_spec import NerSpec
from ptcore.engine.tasks.qa_spec import QaSpec
from ptcore.engine.tasks.spec import TaskSpec
from ptcore.records import Task

SPECS: dict[Task, TaskSpec[Any]] = {
    spec.task: spec for spec in (ClassificationSpec(), MultilabelSpec(), NerSpec(), QaSpec())
}


def spec_for(task: Task | str) -> TaskSpec[Any]:
    """The spec of ``task`` (a ``Task`` or its stored name)."""
    return SPECS[Task(task)]


def label_spec_for(task: Task | str) -> LabelSpec[Any]:
    """The spec of a classification task (single- or multi-label)."""
    spec = spec_for(task)
    if not isinstance(spec, LabelSpec):
        raise ValueError(f"{task} is not a classification task")
    return spec
