"""Prediction payloads as the JSON the project stores, and back.

The stored shapes are those of every project so far, one per task:

- classification ``{"label": str, "probabilities": {label: p}}``
- multi-label ``{"labels": [...], "probabilities": {...}}``
- NER ``{"entities": [[start, end, label, confidence], ...]}``
- QA, per question ``{"start", "end", "text", "no_answer"}``

Each shape has a key no other has, so a row is read back without knowing its task.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ptcore.payloads import (
    AnswerPayload,
    EntitiesPayload,
    LabelPayload,
    LabelsPayload,
    Payload,
    PredictedSpan,
)


def payload_to_json(payload: Payload) -> dict[str, Any]:
    """The stored JSON object of ``payload``."""
    if isinstance(payload, LabelPayload):
        return {"label": payload.label, "probabilities": dict(payload.probabilities)}
    if isinstance(payload, LabelsPayload):
        return {"labels": list(payload.labels), "probabilities": dict(payload.probabilities)}
    if isinstance(payload, EntitiesPayload):
        return {"entities": [[e.start, e.end, e.label, e.confidence] for e in payload.entities]}
    return {
        "start": payload.start,
        "end": payload.end,
        "text": payload.text,
        "no_answer": payload.no_answer,
    }


def payload_from_json(data: Mapping[str, Any]) -> Payload:
    """The payload a stored JSON object holds; ValueError names a shape of no task."""
    if "entities" in data:
        rows = data["entities"]
        return EntitiesPayload(tuple(PredictedSpan(s, e, label, c) for s, e, label, c in rows))
    if "labels" in data:
        return LabelsPayload(tuple(data["labels"]), dict(data["probabilities"]))
    if "label" in data:
        return LabelPayload(data["label"], dict(data["probabilities"]))
    if "no_answer" in data:
        return AnswerPayload(data["start"], data["end"], data["text"], bool(data["no_answer"]))
    raise ValueError(f"a stored prediction with keys {sorted(data)} matches no task's shape")
