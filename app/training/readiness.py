"""Whether Train can start, said before training: run off the GUI thread."""

from __future__ import annotations

from ptcore.engine.examples import collect_examples
from ptcore.store.project import Project


def readiness(project: Project, seed: int) -> str:
    """What a run would train on, or a UserError saying why it cannot start."""
    data = collect_examples(project, seed)
    from ptcore.engine.fit_guard import ensure_model_reads  # imports transformers: not at start

    ensure_model_reads(project)
    text = f"Ready: {len(data.train)} training and {len(data.dev)} dev documents."
    return " ".join([text, *data.messages])
