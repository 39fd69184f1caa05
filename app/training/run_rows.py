"""What the Runs window shows of each run, as plain values: its table row, the learning
curve across runs, its training set, how long it took, and two runs side by side."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.training.tables import duration, headline
from ptcore.store.views import Run, RunStatus


def compare_rows(first: Run, second: Run, task: str) -> list[tuple[Any, ...]]:
    def flat(run: Run) -> dict[str, Any]:
        values: dict[str, Any] = {
            "status": run.status,
            "device": run.device,
            "duration": duration_text(run),
            "train documents": run.num_train_documents,
            "dev documents": len(run.training_set.get("dev_ids", [])),
            "annotation hash": str(run.training_set.get("annotation_hash", ""))[:12],
        }
        values.update({f"setting: {k}": v for k, v in run.settings.items() if k != "owner"})
        values.update(
            {
                f"metric: {k}": v
                for k, v in run.metrics.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
        )
        for label, scores in run.metrics.get("per_label", {}).items():
            values[f"F1: {label}"] = scores.get("f1")
        return values

    a, b = flat(first), flat(second)
    keys = list(dict.fromkeys([*a, *b]))
    return [(key, a.get(key), b.get(key), "≠" if a.get(key) != b.get(key) else "") for key in keys]


def run_row(run: Run, task: str, is_active: bool) -> tuple[Any, ...]:
    return (
        run.id,
        run.status,
        "✓" if is_active else "",
        run.started_at[:19].replace("T", " "),
        duration_text(run),
        run.device,
        run.num_train_documents,
        headline(task, run.metrics),
    )


def learning_curve(runs: list[Run], task: str) -> list[tuple[float, float]]:
    """Dev score against the number of labeled training documents, one point per finished run."""
    points = []
    for run in runs:
        score = headline(task, run.metrics)
        if run.status == RunStatus.FINISHED and score is not None:
            points.append((float(run.num_train_documents), score))
    return points


def training_set_lines(run: Run) -> list[str]:
    data = run.training_set
    carved = " (carved from train)" if data.get("dev_carved") else ""
    return [
        f"Training set: {len(data.get('train_ids', []))} train, "
        f"{len(data.get('dev_ids', []))} dev documents{carved}",
        f"Annotation hash: {data.get('annotation_hash', '')}",
        f"Model folder: {run.model_dir or '(none)'}",
    ]


def duration_text(run: Run) -> str:
    if not run.finished_at:
        return "running" if run.status == RunStatus.RUNNING else ""
    end, start = (
        datetime.fromisoformat(t).replace(tzinfo=None) for t in (run.finished_at, run.started_at)
    )
    return duration((end - start).total_seconds())
