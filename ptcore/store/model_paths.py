"""Where a project's model folders may be: inside ``PROJECT.models/`` and nowhere else.

``runs.model_dir`` comes from the project file, which anyone can edit, so it is never trusted:
every folder the app reads, writes or deletes for a run is resolved (symbolic links followed)
and must lie inside the models folder beside the project file. New runs store the folder
relative to the project file's folder, so ``eval`` works from any working directory; values
stored before (absolute, or relative to where training ran) are still read when they resolve
inside the models folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ptcore.errors import UserError


class OutsideModelsError(UserError):
    """A stored model folder that points outside the project's models folder."""


def models_dir(project_path: Path) -> Path:
    """Where a project's trained models live: beside the file, so they move with it."""
    return project_path.with_name(project_path.stem + ".models")


def stored_form(project_path: Path, folder: Path) -> str:
    """What ``runs.model_dir`` holds for ``folder``: relative to the project file's folder."""
    base = project_path.resolve().parent
    return confined(project_path, str(folder)).relative_to(base).as_posix()


def confined(project_path: Path, stored: str) -> Path:
    """The resolved folder ``stored`` names, which must lie inside the models folder."""
    allowed = models_dir(project_path).resolve()
    given = Path(stored)
    candidates = [given] if given.is_absolute() else [project_path.parent / given, given]
    for candidate in candidates:
        real = candidate.resolve()
        if real != allowed and real.is_relative_to(allowed):
            return real
    raise OutsideModelsError(
        f"The model folder {stored!r} recorded in {project_path} is outside {allowed}; "
        "refusing to use or delete it."
    )


def remove_model_dir(project_path: Path, stored: str) -> str:
    """Delete a run's model folder if it is confined; returns a note of what was not done."""
    if not stored:
        return ""
    try:
        folder = confined(project_path, stored)
    except OutsideModelsError as error:
        return str(error)
    if not folder.is_dir():
        return ""
    try:
        shutil.rmtree(folder)
    except OSError as error:
        return f"Could not remove {folder}: {error.strerror or error}."
    return ""
