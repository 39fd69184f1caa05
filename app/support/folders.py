"""File dialogs that open where you last went for the same purpose: importing, exporting,
opening a project, choosing a model folder. (They opened in the working directory.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

PROJECT, IMPORT, EXPORT, MODEL, PROJECTS_FOLDER, MODEL_EXPORT = (
    "project",
    "import",
    "export",
    "model",
    "projects_folder",
    "model_export",
)


def last_folder(purpose: str) -> str:
    """The folder last used for ``purpose`` if it still exists, else the home folder."""
    folder = str(QSettings().value(f"folders/{purpose}", ""))
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember(purpose: str, path: str | Path) -> None:
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    QSettings().setValue(f"folders/{purpose}", str(folder))


def _start(purpose: str, current: str) -> str:
    """A path already typed into the field wins; otherwise the remembered folder."""
    return current if current.strip() else last_folder(purpose)


def open_file(
    parent: QWidget | None, title: str, purpose: str, filters: str = "", current: str = ""
) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, title, _start(purpose, current), filters)
    if name:
        remember(purpose, name)
    return name


def save_file(parent: QWidget | None, title: str, purpose: str, current: str = "") -> str:
    name, _ = QFileDialog.getSaveFileName(parent, title, _start(purpose, current))
    if name:
        remember(purpose, name)
    return name


def existing_folder(parent: QWidget | None, title: str, purpose: str, current: str = "") -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, _start(purpose, current))
    if folder:
        remember(purpose, folder)
    return folder
