"""From a model's raw outputs to typed predictions, thresholds tuned on dev, and scores.

The raw outputs (``RawOutput``) are kept apart from decoding so that one forward pass over
dev serves both threshold tuning (multi-label cut-off, QA null threshold) and the metrics.
Each task's ``TaskSpec`` (``ptcore/engine/tasks/``) does the work; these are the engine's
task-neutral entry points, which look the spec up from the task they are given.
"""

from __future__ import annotations

from typing import Any

from ptcore.engine.tasks.registry import spec_for
from ptcore.engine.tasks.spec import Decoding, ItemPrediction, RawOutput
from ptcore.payloads import Payload
from ptcore.records import DocumentRecord, Task

__all__ = [
    "Decoding",
    "ItemPrediction",
    "RawOutput",
    "decode",
    "disagrees",
    "headline",
    "score",
    "tune",
]


def decode(raw: RawOutput, labels: list[str], decoding: Decoding) -> list[list[ItemPrediction]]:
    """Predictions per record (one per document, or one per question for QA)."""
    return spec_for(raw.task).decode(raw, labels, decoding)


def tune(raw: RawOutput, labels: list[str], decoding: Decoding) -> Decoding:
    """Thresholds tuned on dev: the multi-label cut-off, the QA null threshold."""
    return spec_for(raw.task).tune(raw, labels, decoding)


def score(
    task: Task, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
) -> dict[str, Any]:
    """The task's metrics of ``items`` against the gold ``records``."""
    return spec_for(task).score(records, items, labels)


def headline(task: Task, values: dict[str, Any]) -> float:
    """The one number that decides which checkpoint is best."""
    return spec_for(task).headline(values)


def disagrees(
    task: Task | str, gold: DocumentRecord, payload: Payload, question_index: int | None = None
) -> bool | None:
    """Whether a prediction differs from the gold annotation; None when there is no gold."""
    return spec_for(task).disagrees(gold, payload, question_index)
