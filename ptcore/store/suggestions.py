"""The shown run's predictions as suggestions on exported records, for formats that keep them.

The run is the one the GUI shows: the active run in the project's settings, else the
latest finished one. Each record (whose ``line`` is its document id, as
``Project.records`` gives it) gets that run's prediction as a ``Suggestion`` named by
the run: an imported run keeps its ``model_version``, so Label Studio predictions go
back out under the name they came in with.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ptcore.errors import ValidationError
from ptcore.payloads import EntitiesPayload, LabelPayload, LabelsPayload
from ptcore.records import DocumentRecord, Suggestion
from ptcore.store.imported_runs import ACTIVE_KEY
from ptcore.store.runs import RunStore
from ptcore.store.views import Prediction, Run

CHUNK = 500


def shown_run(settings: dict[str, Any], runs: RunStore) -> Run | None:
    """The active run, else the latest finished one; None if there is neither."""
    active = settings.get(ACTIVE_KEY)
    if active is not None:
        try:
            return runs.get(int(active))
        except ValidationError:  # deleted since: fall back as the GUI does
            pass
    return runs.latest_finished()


def model_name(run: Run, project_name: str) -> str:
    return str(run.settings.get("model_version") or f"{project_name} run {run.id}")


def with_suggestions(
    records: Iterable[DocumentRecord], runs: RunStore, run: Run | None, model: str
) -> Iterator[DocumentRecord]:
    """The records, each with the run's prediction for it as a suggestion."""
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        found: dict[int, list[Prediction]] = {}
        if run is not None:
            for prediction in runs.predictions(run.id, [r.line for r in chunk]):
                found.setdefault(prediction.document_id, []).append(prediction)
        for record in chunk:
            record.suggestions = [
                s for p in found.get(record.line, []) if (s := suggestion(p, model)) is not None
            ]
            yield record


def suggestion(prediction: Prediction, model: str) -> Suggestion | None:
    """A stored prediction as a suggestion; None for a QA answer (no tool takes those)."""
    payload = prediction.payload
    if isinstance(payload, EntitiesPayload):
        spans = tuple((e.as_span(), e.confidence) for e in payload.entities)
        return Suggestion(model, prediction.confidence, entities=spans)
    if isinstance(payload, LabelPayload):
        return Suggestion(model, prediction.confidence, (payload.label,))
    if isinstance(payload, LabelsPayload):
        return Suggestion(model, prediction.confidence, payload.labels)
    return None
