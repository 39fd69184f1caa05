"""Which run's model the project shows predictions from, kept in the project's settings.

``active_run`` is what the prediction layer reads. Picking a run by hand pins it; a pinned
run is not replaced when a new run finishes.
"""

from __future__ import annotations

from ptcore.store.project import Project

ACTIVE_KEY, PINNED_KEY = "active_run", "active_run_pinned"


def active_run(project: Project) -> int | None:
    value = project.info().settings.get(ACTIVE_KEY)
    return int(value) if value is not None else None


def is_pinned(project: Project) -> bool:
    return bool(project.info().settings.get(PINNED_KEY))


def set_active(project: Project, run_id: int | None, pinned: bool) -> None:
    project.update_info(settings={ACTIVE_KEY: run_id, PINNED_KEY: pinned})


def follow_new_run(project: Project, run_id: int) -> bool:
    """Make a newly finished run active unless the user pinned another; True if it changed."""
    if is_pinned(project) and active_run(project) is not None:
        return False
    set_active(project, run_id, pinned=False)
    return True


def shown_run(project: Project) -> int | None:
    """The run whose predictions to show: the active one, else the latest finished."""
    chosen = active_run(project)
    if chosen is not None:
        return chosen
    latest = project.runs.latest_finished()
    return latest.id if latest is not None else None
