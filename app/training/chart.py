"""A small line chart drawn with QPainter (QtCharts lives in PySide6-Addons, which we don't ship).

Up to two y axes: series on the ``left`` axis share its range (e.g. the training loss),
series on the ``right`` axis share theirs (e.g. a dev metric in [0, 1]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = {"left": 46, "right": 46, "top": 22, "bottom": 26}
TICKS = 4
MAX_MARKERS = 60  # beyond this, dots hide the line


@dataclass
class Series:
    name: str
    color: str
    axis: str = "left"  # or "right"
    markers: bool = False
    points: list[tuple[float, float]] = field(default_factory=list)


class LineChart(QWidget):
    """Line series over a shared x axis; add points as they arrive."""

    def __init__(self, x_title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_title = x_title
        self.series: dict[str, Series] = {}
        self.fixed_ranges: dict[str, tuple[float, float]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def add_series(self, series: Series, y_range: tuple[float, float] | None = None) -> None:
        self.series[series.name] = series
        if y_range is not None:
            self.fixed_ranges[series.axis] = y_range
        self.update()

    def add_point(self, name: str, x: float, y: float) -> None:
        if math.isfinite(y):
            self.series[name].points.append((x, y))
            self.update()

    def set_points(self, name: str, points: list[tuple[float, float]]) -> None:
        self.series[name].points = [p for p in points if math.isfinite(p[1])]
        self.update()

    def clear(self) -> None:
        for series in self.series.values():
            series.points = []
        self.update()

    def point_count(self) -> int:
        return sum(len(s.points) for s in self.series.values())

    # Painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = QRectF(
            MARGIN["left"],
            MARGIN["top"],
            max(1, self.width() - MARGIN["left"] - MARGIN["right"]),
            max(1, self.height() - MARGIN["top"] - MARGIN["bottom"]),
        )
        text = self.palette().windowText().color()
        painter.setPen(QPen(QColor(text.red(), text.green(), text.blue(), 90)))
        painter.drawRect(plot)
        x_range = self._x_range()
        if x_range is None:
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No data yet")
            return
        ranges = {axis: self._y_range(axis) for axis in ("left", "right")}
        self._draw_axes(painter, plot, x_range, ranges, text)
        for series in self.series.values():
            y_range = ranges[series.axis]
            if y_range is not None:
                self._draw_series(painter, plot, series, x_range, y_range)
        self._draw_legend(painter, plot, text)

    def _x_range(self) -> tuple[float, float] | None:
        xs = [x for s in self.series.values() for x, _ in s.points]
        if not xs:
            return None
        low, high = min(xs), max(xs)
        return (low - 0.5, high + 0.5) if low == high else (low, high)

    def _y_range(self, axis: str) -> tuple[float, float] | None:
        if axis in self.fixed_ranges:
            return self.fixed_ranges[axis]
        ys = [y for s in self.series.values() if s.axis == axis for _, y in s.points]
        if not ys:
            return None
        low, high = min(0.0, min(ys)), max(ys)
        return (low, high * 1.05) if high > low else (low, low + 1.0)

    def _draw_axes(
        self,
        painter: QPainter,
        plot: QRectF,
        x_range: tuple[float, float],
        ranges: dict[str, tuple[float, float] | None],
        text: QColor,
    ) -> None:
        painter.setPen(text)
        metrics = painter.fontMetrics()
        for i in range(TICKS + 1):
            fraction = i / TICKS
            x = plot.left() + fraction * plot.width()
            value = x_range[0] + fraction * (x_range[1] - x_range[0])
            label = f"{value:.0f}" if x_range[1] - x_range[0] >= 8 else _number(value)
            painter.drawText(
                QPointF(
                    x - metrics.horizontalAdvance(label) / 2, plot.bottom() + metrics.ascent() + 3
                ),
                label,
            )
            y = plot.bottom() - fraction * plot.height()
            for axis, y_range in ranges.items():
                if y_range is None:
                    continue
                label = _number(y_range[0] + fraction * (y_range[1] - y_range[0]))
                left = axis == "left"
                x_text = (
                    plot.left() - metrics.horizontalAdvance(label) - 4 if left else plot.right() + 4
                )
                painter.drawText(QPointF(x_text, y + metrics.ascent() / 2 - 1), label)
        if self.x_title:
            painter.drawText(
                QRectF(plot.left(), plot.bottom() + 12, plot.width(), 14),
                Qt.AlignmentFlag.AlignRight,
                self.x_title,
            )

    def _draw_series(
        self,
        painter: QPainter,
        plot: QRectF,
        series: Series,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
    ) -> None:
        def place(x: float, y: float) -> QPointF:
            fx = (x - x_range[0]) / (x_range[1] - x_range[0])
            fy = (y - y_range[0]) / (y_range[1] - y_range[0])
            return QPointF(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height())

        points = [place(x, y) for x, y in sorted(series.points)]
        if not points:
            return
        color = QColor(series.color)
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.setPen(QPen(color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if (series.markers and len(points) <= MAX_MARKERS) or len(points) == 1:
            painter.setBrush(color)
            for point in points:
                painter.drawEllipse(point, 3.5, 3.5)

    def _draw_legend(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        x = plot.left()
        metrics = painter.fontMetrics()
        for series in self.series.values():
            painter.fillRect(QRectF(x, 6, 12, 8), QColor(series.color))
            painter.setPen(text)
            painter.drawText(QPointF(x + 16, 6 + metrics.ascent() - 2), series.name)
            x += 28 + metrics.horizontalAdvance(series.name)


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
