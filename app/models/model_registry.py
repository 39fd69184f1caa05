"""The local model folders a user registered, remembered across projects in the user's
settings (QSettings key ``models/registered``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "models/registered"


def registered_models() -> list[str]:
    """Registered folders in the order they were added (missing ones included: the manager
    shows why they cannot be used)."""
    folders = QSettings().value(KEY, [], list)
    return [str(p) for p in folders] if isinstance(folders, list) else []


def register_model(folder: str | Path) -> None:
    path = str(Path(folder).expanduser().resolve())
    if path not in registered_models():
        QSettings().setValue(KEY, [*registered_models(), path])


def unregister_model(folder: str) -> None:
    QSettings().setValue(KEY, [p for p in registered_models() if p != folder])
