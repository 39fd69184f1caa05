"""Window sizes that fit the screen they open on, whatever its size."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DECORATION = QSize(16, 48)  # room for the window manager's frame and title bar


def available_size(widget: QWidget | None = None) -> QSize | None:
    """The room on the screen ``widget`` opens on (the primary screen if none)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else None


def fitted(width: int, height: int, widget: QWidget | None = None) -> QSize:
    """``width``×``height``, shrunk to the available screen area less a window frame."""
    room = available_size(widget)
    if room is None:
        return QSize(width, height)
    room -= DECORATION
    return QSize(min(width, room.width()), min(height, room.height()))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, or less on a small screen."""
    widget.resize(fitted(width, height, widget))
