"""Typography, colours and icons: readable in light and dark palettes, CJK included."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

RESOURCES: Traversable = files("app") / "resources"  # package data: the icons
# Latin first, then CJK fallbacks per platform: Qt picks per character.
FONT_FAMILIES = [
    "Noto Sans",
    "Segoe UI",
    "Helvetica Neue",
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
]
TEXT_POINT_SIZE = 12


# Secondary text (hints, states, notes) in the palette's placeholder colour.
HINT_STYLE = "color: palette(placeholder-text);"


def apply_theme(app: QApplication) -> None:
    """Fonts and the window icon. No application-wide style sheet: one routes every cell of
    every table through Qt's style-sheet style (the document list's repaint on 1,000 documents:
    34 ms of CPU against 27, idle, more while training). The few widgets with a look of their
    own get a style sheet of their own."""
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    app.setFont(font)
    app.setWindowIcon(icon("app"))


def as_hint(label: QLabel) -> QLabel:
    """``label`` shown as secondary text."""
    label.setStyleSheet(HINT_STYLE)
    return label


def reading_font() -> QFont:
    """A larger font for the text being labelled."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(TEXT_POINT_SIZE)
    return font


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from the package's resources/icons (crisp at any device pixel ratio)."""
    with as_file(RESOURCES / "icons" / f"{name}.svg") as path:
        return QIcon(str(path))


# The document list's status column; an unlabelled document keeps the palette's text colour,
# which reads in light and dark themes alike (a fixed grey did not).
STATUS_COLORS = {"labeled": "#009E73", "skipped": "#D55E00"}

SWATCH_PX = 14


def swatch(color: str) -> QIcon:
    """A rounded colour square, SWATCH_PX wide on screen: drawn at 1x and 2x so that every
    screen gets a crisp one of the same size (a 2x pixmap alone shows doubled at 1x)."""
    icon = QIcon()
    for ratio in (1, 2):
        pixmap = QPixmap(SWATCH_PX * ratio, SWATCH_PX * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(color))
        painter.setPen(QColor(color).darker(140))
        painter.drawRoundedRect(1, 1, SWATCH_PX - 2, SWATCH_PX - 2, 3, 3)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
