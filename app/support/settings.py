"""What the app remembers between sessions (QSettings): recent projects, window geometry,
and who you are as an annotator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from ptcore.db.location import Location
from ptcore.errors import UserError
from ptcore.store.project import current_user

MAX_RECENT = 10
ORGANIZATION = "P-Tuning Studio"
APPLICATION = "P-Tuning Studio"


class AppSettings:
    def __init__(self) -> None:
        self._settings = QSettings()

    def recent_projects(self) -> list[Location]:
        """Project files still there, and databases (URLs, never with a password)."""
        stored = self._settings.value("recent_projects", [], list)
        recent = []
        for text in stored if isinstance(stored, list) else []:
            try:
                where = Location.of(str(text))
            except UserError:
                continue
            if where.file is None or where.file.is_file():
                recent.append(where)
        return recent

    def add_recent(self, where: Location | Path) -> None:
        where = Location.of(where)
        if where.file is not None:
            where = Location(file=where.file.resolve())
        listed = [str(w) for w in self.recent_projects() if str(w) != str(where)]
        self._settings.setValue("recent_projects", [str(where), *listed][:MAX_RECENT])

    def annotator_name(self) -> str:
        """Your name as an annotator: what your annotations carry (default: the OS user)."""
        name = self._settings.value("annotator_name", "", str)
        return name.strip() if isinstance(name, str) and name.strip() else current_user()

    def set_annotator_name(self, name: str) -> None:
        self._settings.setValue("annotator_name", name.strip())

    def save_geometry(self, key: str, widget: QWidget) -> None:
        self._settings.setValue(f"geometry/{key}", widget.saveGeometry())

    def restore_geometry(self, key: str, widget: QWidget) -> bool:
        data = self._settings.value(f"geometry/{key}")
        return isinstance(data, QByteArray) and widget.restoreGeometry(data)

    def save_state(self, key: str, state: QByteArray) -> None:
        self._settings.setValue(f"state/{key}", state)

    def state(self, key: str) -> QByteArray | None:
        data = self._settings.value(f"state/{key}")
        return data if isinstance(data, QByteArray) else None
