"""Another tool's model predictions, stored as a run of their own: suggestions, never gold.

A file may carry a model's predictions beside its annotations (Label Studio's
``predictions``, YEDDA's recommended ``[$…]`` spans). They are stored the way the
project stores its own model's: one run per model, status ``imported``, no model
folder, its settings saying where they came from (``imported_from``, ``model_version``,
``file``), and one prediction row per document in the payload shape the engine writes.
The new run becomes the one the GUI shows unless the user pinned another, so the
suggestions appear as dashed ghosts to accept or ignore; nothing becomes gold unless
the person accepts it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ptcore.db.models import PredictionRow, ProjectRow, RunRow, table
from ptcore.records import DocumentRecord, Suggestion, Task
from ptcore.store.views import RunStatus
from ptcore.task_shapes import shape_of

# The project settings keys app/training/active.py reads: the run the GUI shows.
ACTIVE_KEY, PINNED_KEY = "active_run", "active_run_pinned"


class SuggestionStore:
    """Suggestions met during one import, stored at its end as one run per model."""

    def __init__(self, session: Session, task: Task, source: Path, tool: str) -> None:
        self.session, self.task, self.source, self.tool = session, task, source, tool
        self.by_model: dict[str, list[dict[str, Any]]] = {}

    def add(self, document_id: int, record: DocumentRecord) -> None:
        for suggestion in record.suggestions:
            payload = _payload(self.task, suggestion)
            if payload is not None:
                row = _row(document_id, payload, suggestion, _disagrees(record, payload))
                self.by_model.setdefault(suggestion.model, []).append(row)

    @property
    def count(self) -> int:
        return sum(map(len, self.by_model.values()))

    def store(self) -> list[int]:
        """Write one run per model with its predictions; returns the new runs' ids."""
        run_ids = [self._run(model, rows) for model, rows in self.by_model.items()]
        if run_ids:
            self._show(run_ids[0])
        return run_ids

    def _run(self, model: str, rows: list[dict[str, Any]]) -> int:
        now = datetime.now(UTC)
        settings = {"imported_from": self.tool, "model_version": model, "file": self.source.name}
        run = RunRow(status=RunStatus.IMPORTED, settings=settings, started_at=now, finished_at=now)
        self.session.add(run)
        self.session.flush()
        rows = [{**row, "run_id": run.id, "created_at": now} for row in rows]
        self.session.connection().execute(insert(table(PredictionRow)), rows)
        return run.id

    def _show(self, run_id: int) -> None:
        """Make the run the shown one, unless the user pinned another."""
        project = self.session.scalars(select(ProjectRow)).one()
        if project.settings.get(PINNED_KEY) and project.settings.get(ACTIVE_KEY) is not None:
            return
        project.settings = {**project.settings, ACTIVE_KEY: run_id, PINNED_KEY: False}


def _payload(task: Task, suggestion: Suggestion) -> dict[str, Any] | None:
    """The payload the engine would have stored; None when the task has no use for it."""
    shape = shape_of(task)
    if shape.spans:
        spans = sorted(suggestion.entities, key=lambda pair: (pair[0].start, pair[0].end))
        return {"entities": [[s.start, s.end, s.label, c] for s, c in spans]}
    if shape.multi_label:
        return {
            "labels": list(suggestion.labels),
            "probabilities": dict.fromkeys(suggestion.labels, suggestion.confidence),
        }
    if shape.single_label and suggestion.labels:
        label = suggestion.labels[0]
        return {"label": label, "probabilities": {label: suggestion.confidence}}
    return None


def _disagrees(record: DocumentRecord, payload: dict[str, Any]) -> bool | None:
    """As the engine decides it: None without gold, else whether gold differs."""
    if not record.labeled:
        return None
    if "entities" in payload:
        predicted = {(s, e, label) for s, e, label, _ in payload["entities"]}
        return predicted != {(s.start, s.end, s.label) for s in record.entities}
    if "label" in payload:
        return record.labels[:1] != [payload["label"]]
    return set(record.labels) != set(payload["labels"])


def _row(
    document_id: int, payload: dict[str, Any], suggestion: Suggestion, disagrees: bool | None
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "question_id": None,
        "payload": payload,
        "confidence": suggestion.confidence,
        "disagrees": disagrees,
    }


def suggested_labels(record: DocumentRecord) -> list[str]:
    """Every label name the record's suggestions use: the project must know them."""
    return [
        *(name for s in record.suggestions for name in s.labels),
        *(span.label for s in record.suggestions for span, _ in s.entities),
    ]
