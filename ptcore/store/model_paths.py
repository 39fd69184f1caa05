"""Where a project's model folders may be: inside ``PROJECT.models/`` and nowhere else.

``runs.model_dir`` comes from the project file, which anyone can edit, so it is never trusted:
every folder the app reads, writes or deletes for a run is resolved (symbolic links followed)
and must lie inside the models folder beside the project file. New runs store the folder
relative to the project file's folder, so ``eval`` works from any working directory; values
stored before (absolute, or relative to where training ran) are still read when they resolve
inside the models folder. A project on a PostgreSQL server keeps its models on this machine
(``Location.models_dir``), and stores them relative to that server's folder there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ptcore.db.location import Location
from ptcore.errors import UserError

Where = Location | Path


class OutsideModelsError(UserError):
    """A stored model folder that points outside the project's models folder."""


def models_dir(project: Where) -> Path:
    """Where a project's trained models live: beside the file, so they move with it."""
    return Location.of(project).models_dir


def stored_form(project: Where, folder: Path) -> str:
    """What ``runs.model_dir`` holds for ``folder``: relative to the project file's folder."""
    base = Location.of(project).models_base.resolve()
    return confined(project, str(folder)).relative_to(base).as_posix()


def confined(project: Where, stored: str) -> Path:
    """The resolved folder ``stored`` names, which must lie inside the models folder."""
    where = Location.of(project)
    allowed = where.models_dir.resolve()
    given = Path(stored)
    candidates = [given] if given.is_absolute() else [where.models_base / given, given]
    for candidate in candidates:
        real = candidate.resolve()
        if real != allowed and real.is_relative_to(allowed):
            return real
    raise OutsideModelsError(
        f"The model folder {stored!r} recorded in {where} is outside {allowed}; "
        "refusing to use or delete it."
    )


def remove_model_dir(project: Where, stored: str) -> str:
    """Delete a run's model folder if it is confined; returns a note of what was not done."""
    if not stored:
        return ""
    try:
        folder = confined(project, stored)
    except OutsideModelsError as error:
        return str(error)
    if not folder.is_dir():
        return ""
    try:
        shutil.rmtree(folder)
    except OSError as error:
        return f"Could not remove {folder}: {error.strerror or error}."
    return ""
