"""Helpers for the prediction tests: a finished run with stored predictions, no training."""

from __future__ import annotations

from typing import Any

from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from ptcore.store.views import Prediction


def store_run(
    project: Project,
    predictions: list[tuple[int, int | None, dict[str, Any], float, bool | None]],
    run_id: int | None = None,
) -> int:
    """Store ``(document_id, question_id, payload, confidence, disagrees)`` rows for a run
    (a new finished one unless ``run_id`` is given); returns the run's id."""
    if run_id is None:
        run_id = project.runs.start({}, {}, "cpu", 1)
        project.runs.finish(run_id, "finished", model_dir=str(project.path.parent / "model"))
    rows = [Prediction(run_id, d, q, payload_from_json(p), c, x) for d, q, p, c, x in predictions]
    project.runs.replace_predictions(run_id, rows)
    return run_id


def label_payload(label: str, confidence: float, other: str = "") -> dict[str, Any]:
    probabilities = {label: confidence, **({other: 1 - confidence} if other else {})}
    return {"label": label, "probabilities": probabilities}


def show(editor, project: Project, run_id: int) -> None:  # type: ignore[no-untyped-def]
    """What the main window does on a new document: hand the editor its predictions."""
    editor.set_predictions(project.runs.predictions(run_id, [editor.document_id]))


def ghosts(editor) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(h.start, h.end, h.tag) for h in editor.view._highlights if h.ghost]
