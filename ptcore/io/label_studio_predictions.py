"""Label Studio ``predictions``: a model's pre-annotations of a task, never gold.

Each prediction is ``{"model_version", "score", "result": [...]}``, its results shaped
like an annotation's and each optionally scored
(https://labelstud.io/guide/predictions). They are read as suggestions, one per
prediction, and written back from the suggestions a record carries. A span without a
score takes its prediction's; a prediction without one counts as sure (1.0).
"""

from __future__ import annotations

from typing import Any

from ptcore.io.checks import require_list
from ptcore.io.label_studio_results import read_results, read_score, results_for
from ptcore.io.report import ImportReport
from ptcore.io.text_io import Place, json_kind
from ptcore.records import DocumentRecord, Suggestion

UNNAMED_MODEL = "Label Studio predictions"


def read_suggestions(
    task: dict[str, Any], text: str, place: Place, report: ImportReport
) -> list[Suggestion]:
    predictions = require_list(task.get("predictions", []), '"predictions"', place)
    return [_suggestion(p, text, place, report) for p in predictions]


def _suggestion(prediction: Any, text: str, place: Place, report: ImportReport) -> Suggestion:
    if not isinstance(prediction, dict):
        raise place.error(f"a prediction must be an object, not {json_kind(prediction)}")
    results = require_list(prediction.get("result", []), '"result"', place)
    regions = read_results(results, text, place, report)
    overall = read_score(prediction.get("score"), place)
    sure = overall if overall is not None else 1.0
    spans = tuple((span, sure if score is None else score) for span, score in regions.spans)
    if overall is None and regions.choice_score is not None:
        sure = regions.choice_score
    return Suggestion(_model(prediction.get("model_version")), sure, tuple(regions.choices), spans)


def _model(version: Any) -> str:
    return str(version) if version not in (None, "") else UNNAMED_MODEL


def prediction_objects(record: DocumentRecord) -> list[dict[str, Any]]:
    """The record's suggestions as Label Studio predictions."""
    return [
        {
            "model_version": s.model,
            "score": s.confidence,
            "result": results_for(record.text, s.entities, s.labels, s.confidence),
        }
        for s in record.suggestions
    ]
