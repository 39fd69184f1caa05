"""What the Training panel says about a run: its progress, its scores in a line, and when
it ends, what ended it, which model it kept and why.

The words come from the run's stored metrics (``ended``, ``kept``, ``pending_predictions``),
so the panel, the Runs view and the CLI agree.
"""

from __future__ import annotations

from typing import Any

from app.training.tables import duration
from ptcore.engine.callbacks import ProgressInfo
from ptcore.engine.tasks.registry import spec_for
from ptcore.store.views import Run, RunStatus

ENDED = {
    "finished": "finished",
    "time_limit": "stopped at the time limit",
    "patience": "stopped early (no more improvement)",
    "cancelled": "cancelled",
    "diverged": "failed: the loss diverged",
}


def ending(run: Run) -> str:
    """finished, stopped at the time limit, cancelled or failed."""
    if run.status == RunStatus.FAILED:
        return ENDED["diverged"] if run.metrics.get("ended") == "diverged" else "failed"
    return ENDED.get(str(run.metrics.get("ended", run.status)), run.status)


def result_text(run: Run, scores: str) -> str:
    """One paragraph: what ended the run, the kept model's scores and why it was kept."""
    text = f"Run {run.id} {ending(run)}"
    limit = run.settings.get("max_minutes")
    if run.metrics.get("ended") == "time_limit" and limit:
        text += f" ({limit:g} min)"
    if not run.model_dir:
        return text + ": no model was kept." + (f" {run.error}" if run.error else "")
    text += f". Kept model: {scores}."
    why = run.metrics.get("kept", {}).get("why")
    if why:
        text += f" Kept {why}."
    pending = run.metrics.get("pending_predictions", [])
    if pending:
        text += f" Predicting the {len(pending)} documents the time limit left…"
    return text


def table_caption(metrics: dict[str, Any], kept: bool, step: int | None = None) -> str:
    """Whose scores the per-label table shows."""
    if kept:
        where = metrics.get("kept", {}).get("step")
        step_text = f" (step {where})" if where else ""
        if "per_label" not in metrics and "exact_match" not in metrics:
            return f"Kept model{step_text}: not scored on dev."
        return f"Kept model{step_text}, per label:"
    return f"Latest evaluation (step {step}), per label:"


def progress_text(info: ProgressInfo) -> str:
    return (
        f"Step {info.step}/{info.total_steps} · epoch {info.epoch:.1f} · "
        f"loss {info.loss:.3f} · ETA {duration(info.eta_s)}"
    )


def summary(task: str, metrics: dict[str, Any]) -> str:
    return spec_for(task).summary(metrics)
