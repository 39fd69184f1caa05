"""The project window's size, docks and splitters, remembered per project: each project
file opens the way it was left, and a new one opens at a size that fits the screen."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from app.support.settings import AppSettings
from app.widgets import screen_fit
from ptcore.db.location import Location

DEFAULT_SIZE = (1360, 820)
NARROW_SCREEN = 1280  # below this the Training dock starts hidden (Train shows it)
LIST_SHARE = 0.4  # of a wide window
MIN_EDITOR_WIDTH = 360


def project_key(project: Location | Path) -> str:
    """A settings key for one project (a file's resolved path or a database's URL, hashed)."""
    where = Location.of(project)
    name = str(where.file.resolve()) if where.file is not None else str(where)
    return "projects/" + hashlib.sha1(name.encode()).hexdigest()[:16]


class WindowMemory(QObject):
    def __init__(self, settings: AppSettings, window: Any, project: Location | Path) -> None:
        super().__init__(window)
        self.settings, self.window = settings, window
        self.key = project_key(project)

    def splitters(self) -> list[QSplitter]:
        return [s for s in self.window.findChildren(QSplitter) if s.objectName()]

    def restore(self) -> None:
        window: QMainWindow = self.window
        if not self.settings.restore_geometry(self.key, window):
            self._default_layout()
            return
        state = self.settings.state(self.key)
        if state is not None:
            window.restoreState(state)
        for splitter in self.splitters():
            saved = self.settings.state(f"{self.key}/{splitter.objectName()}")
            if saved is not None:
                splitter.restoreState(saved)

    def save(self) -> None:
        self.settings.save_geometry(self.key, self.window)
        self.settings.save_state(self.key, self.window.saveState())
        for splitter in self.splitters():
            self.settings.save_state(f"{self.key}/{splitter.objectName()}", splitter.saveState())

    def _default_layout(self) -> None:
        """Fit the screen; the list as wide as its columns need (Text readable, the model's
        columns in view), or 40 % of the room on a wide screen; the editor the rest."""
        window = self.window
        size = screen_fit.fitted(*DEFAULT_SIZE, window)
        window.resize(size)
        screen = window.screen().availableGeometry()
        window.move(screen.center() - window.rect().center())
        room = screen_fit.available_size(window)
        if room is not None and room.width() < NARROW_SCREEN:
            for dock in window.findChildren(QDockWidget):
                dock.hide()
        window.installEventFilter(self)  # the splits, once the window has its real size

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._default_split)
        return False

    def _default_split(self) -> None:
        splitter = self.window.splitter
        room = sum(splitter.sizes())
        wanted = max(self.window.panel.comfortable_width(), int(LIST_SHARE * room))
        list_width = max(min(wanted, room - MIN_EDITOR_WIDTH), room // 3)
        splitter.setSizes([list_width, room - list_width])
