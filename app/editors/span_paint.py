"""How a ``SpanTextView`` paints over its text: a label tag under each span's start (side by
side where spans start together), the selected span's outline, the model's suggestions as
dashed "ghosts", and the fading outline of a change that undo/redo just brought back.

Only the visible part of the text is painted; the coloured backgrounds of gold spans are
character formats the view keeps in its document.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

if TYPE_CHECKING:
    from app.editors.span_text_view import SpanTextView

GHOST_OUTLINE_CHARS = 2000  # a longer suggested span gets its outline cut short


@dataclass(frozen=True)
class Highlight:
    """One coloured span: ``key`` identifies it to the editor (an entity or answer id)."""

    start: int
    end: int
    color: str
    tag: str = ""
    key: Hashable = None
    tooltip: str = ""
    faint: bool = False
    ghost: bool = False  # a model suggestion, not an annotation


def readable_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    luminance = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
    return QColor("#111111") if luminance > 0.55 else QColor("#ffffff")


def beside(box: QRect, placed: list[QRect]) -> QRect:
    """``box`` moved right past the tags already drawn that it would cover: answers or
    entities that start at the same place show their tags side by side."""
    box = QRect(box)
    while any(box.intersects(other) for other in placed):
        box.moveLeft(max(o.right() for o in placed if box.intersects(o)) + 3)
    return box


class SpanPainter:
    """Paints one frame of ``view``'s overlays with ``painter``."""

    def __init__(self, view: SpanTextView, painter: QPainter) -> None:
        self.view = view
        self.painter = painter

    def tag(self, highlight: Highlight, placed: list[QRect]) -> QRect:
        box = beside(self._tag_box(highlight), placed)
        color = QColor(highlight.color)
        if highlight.faint:
            color.setAlpha(150)
        painter = self.painter
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(readable_on(color))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, highlight.tag)
        return box

    def ghost(self, highlight: Highlight, tags: list[QRect]) -> None:
        """A dashed outline around each line of the span and a hollow tag beside the others."""
        painter = self.painter
        color = QColor(highlight.color)
        fill = QColor(color)
        fill.setAlpha(35)
        painter.setPen(QPen(color, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        for rect in self._line_rects(highlight.start, highlight.end):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        if not highlight.tag:
            return
        box = beside(self._tag_box(highlight), tags)
        tags.append(box)
        fill.setAlpha(70)
        painter.setPen(QPen(color, 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(self.view.palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, highlight.tag)

    def outline(self, highlight: Highlight) -> None:
        """The selected span's outline (its first and last line where it wraps)."""
        view, painter = self.view, self.painter
        start, end = view.rect_at(highlight.start), view.rect_at(highlight.end)
        painter.setPen(QColor(highlight.color).darker(130))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if start.top() == end.top():
            painter.drawRoundedRect(
                QRect(start.topLeft(), end.bottomLeft()).adjusted(-2, -1, 2, 1), 3, 3
            )
            return
        right = view.viewport().width() - 4
        painter.drawRect(
            QRect(QPoint(start.left() - 2, start.top()), QPoint(right, start.bottom()))
        )
        painter.drawRect(QRect(QPoint(4, end.top()), QPoint(end.left() + 2, end.bottom())))

    def flash(self, spans: Sequence[tuple[int, int]], strength: float) -> None:
        """A thick outline in the selection colour around each span, ``strength`` 1 → 0."""
        color = self.view.palette().color(QPalette.ColorRole.Highlight)
        color.setAlphaF(max(0.0, min(1.0, strength)))
        fill = QColor(color)
        fill.setAlphaF(color.alphaF() * 0.25)
        self.painter.setPen(QPen(color, 3.0))
        self.painter.setBrush(fill)
        for start, end in spans:
            for rect in self._line_rects(start, end):
                self.painter.drawRoundedRect(rect.adjusted(-3, -2, 3, 2), 4, 4)

    def _tag_box(self, highlight: Highlight) -> QRect:
        anchor = self.view.rect_at(highlight.start)
        box = self.painter.fontMetrics().boundingRect(highlight.tag).adjusted(-3, 0, 3, 0)
        box.moveTopLeft(QPoint(anchor.left(), anchor.bottom() + 1))
        return box

    def _line_rects(self, start: int, end: int) -> list[QRect]:
        """The span's box on each line it covers (it may wrap)."""
        view, text = self.view, self.view.text()
        rects: list[QRect] = []
        metrics = view.fontMetrics()
        for index in range(start, min(end, start + GHOST_OUTLINE_CHARS)):
            left, after = view.rect_at(index), view.rect_at(index + 1)
            right = (
                after.left()
                if after.top() == left.top()
                else left.left() + metrics.horizontalAdvance(text[index])
            )
            rect = QRect(QPoint(left.left(), left.top()), QPoint(right, left.bottom()))
            if rects and rects[-1].top() == rect.top():
                rects[-1] = rects[-1].united(rect)
            else:
                rects.append(rect)
        return rects
