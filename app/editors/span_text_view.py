"""A read-only text view that shows coloured spans and hands out snapped selections.

Shared by the NER and QA editors. Outside this widget every offset is a Python ``str``
index; inside, Qt counts UTF-16 units: ``OffsetMap`` converts at this boundary. Spans are
painted as character formats (kept by the document, so scrolling costs nothing) plus a
small label tag under each span's start, drawn only for the visible part of the text.
Model suggestions are "ghosts": a dashed outline and a hollow tag, painted over the text
without touching its formats, so gold spans (filled, underlined) stay distinct.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.widgets.theme import reading_font
from ptcore.snapping import snap_span, word_at
from ptcore.text_offsets import OffsetMap

LINE_HEIGHT_PERCENT = 175  # room under each line for the label tags
READING_POINT_SIZE = 14
OVERLAP_WINDOW = 50  # QA answers of different questions may overlap
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


class SpanTextView(QTextEdit):
    span_selected = Signal(int, int)  # a snapped selection, as Python indices
    highlight_clicked = Signal(object)  # the clicked highlight's key
    empty_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = reading_font()
        font.setPointSize(READING_POINT_SIZE)
        self.setFont(font)
        self._text = ""
        self._offsets = OffsetMap("")
        self._highlights: list[Highlight] = []
        self._starts: list[int] = []
        self._selected: Hashable = None
        self._double_clicked = False
        self.tag_boxes: list[QRect] = []  # where the last paint put each tag

    # Content ------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self._text = text
        self._offsets = OffsetMap(text)
        self._highlights, self._starts, self._selected = [], [], None
        self.setPlainText(text.replace("\r", " "))  # one unit each, so offsets stay put
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        cursor.mergeBlockFormat(block)

    def text(self) -> str:
        return self._text

    def set_highlights(self, highlights: Sequence[Highlight], selected: Hashable = None) -> None:
        """Replace every highlight (one edit block: one relayout)."""
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._starts = [h.start for h in self._highlights]
        self._selected = selected
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        for highlight in self._highlights:
            if not highlight.ghost:
                self._format(cursor, highlight)
        cursor.endEditBlock()
        self.viewport().update()

    def set_selected(self, key: Hashable) -> None:
        self._selected = key
        self.viewport().update()

    def _format(self, cursor: QTextCursor, highlight: Highlight) -> None:
        start, end = self._offsets.span_to_utf16(highlight.start, highlight.end)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        color = QColor(highlight.color)
        background = QColor(color)
        background.setAlpha(45 if highlight.faint else 95)
        char_format = QTextCharFormat()
        char_format.setBackground(background)
        if not highlight.faint:
            char_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            char_format.setUnderlineColor(color)
        cursor.mergeCharFormat(char_format)

    # Selections ---------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The current selection snapped to whole tokens, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._offsets.span_to_python(cursor.selectionStart(), cursor.selectionEnd())
        return snap_span(self._text, start, end)

    def select_span(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        u_start, u_end = self._offsets.span_to_utf16(start, end)
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def reveal(self, start: int) -> None:
        """Scroll so that ``start`` is visible, without selecting anything."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def char_at(self, point: QPoint) -> int | None:
        """The Python index of the character under a viewport point."""
        cursor = self.cursorForPosition(point)
        boundary = cursor.position()
        if point.x() < self.cursorRect(cursor).left() and boundary > 0:
            boundary -= 1
        index = self._offsets.to_python(boundary)
        return index if index < len(self._text) else None

    def highlight_at(self, index: int | None) -> Highlight | None:
        if index is None:
            return None
        i = bisect_right(self._starts, index)
        window = self._highlights[max(0, i - OVERLAP_WINDOW) : i]
        hits = [h for h in window if h.start <= index < h.end]
        return min(hits, key=lambda h: (h.ghost, h.faint, h.end - h.start)) if hits else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._double_clicked = False
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self._double_clicked:
            self._double_clicked = False
            return
        span = self.selection_span()
        if span is not None:
            self.select_span(*span)
            self.span_selected.emit(*span)
            return
        highlight = self.highlight_at(self.char_at(event.position().toPoint()))
        if highlight is not None:
            self.highlight_clicked.emit(highlight.key)
        else:
            self.empty_clicked.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.char_at(event.position().toPoint())
        span = word_at(self._text, index) if index is not None else None
        if span is not None:
            self._double_clicked = True
            self.select_span(*span)
            self.span_selected.emit(*span)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            highlight = self.highlight_at(self.char_at(event.pos()))  # type: ignore[attr-defined]
            if highlight is not None and highlight.tooltip:
                QToolTip.showText(event.globalPos(), highlight.tooltip, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # Painting the tags ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        visible = self._visible_highlights()
        if not visible:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag_font = QFont(self.font())
        tag_font.setPointSizeF(self.font().pointSizeF() * 0.55)
        tag_font.setBold(True)
        painter.setFont(tag_font)
        tags: list[QRect] = []
        for highlight in visible:
            if highlight.ghost:
                continue
            if highlight.key == self._selected and highlight.key is not None:
                self._paint_outline(painter, highlight)
            if highlight.tag:
                tags.append(self._paint_tag(painter, highlight, tags))
        for highlight in visible:
            if highlight.ghost:
                self._paint_ghost(painter, highlight, tags)
        painter.end()
        self.tag_boxes = tags

    def _visible_highlights(self) -> list[Highlight]:
        if not self._highlights:
            return []
        viewport = self.viewport().rect()
        first = self._offsets.to_python(self.cursorForPosition(viewport.topLeft()).position())
        last = self._offsets.to_python(self.cursorForPosition(viewport.bottomRight()).position())
        low = bisect_left(self._starts, first) - 1
        high = bisect_right(self._starts, last)
        return self._highlights[max(0, low) : high]

    def _rect_at(self, index: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(index))
        return self.cursorRect(cursor)

    def _tag_box(self, painter: QPainter, highlight: Highlight) -> QRect:
        anchor = self._rect_at(highlight.start)
        box = painter.fontMetrics().boundingRect(highlight.tag).adjusted(-3, 0, 3, 0)
        box.moveTopLeft(QPoint(anchor.left(), anchor.bottom() + 1))
        return box

    def _paint_tag(self, painter: QPainter, highlight: Highlight, placed: list[QRect]) -> QRect:
        box = beside(self._tag_box(painter, highlight), placed)
        color = QColor(highlight.color)
        if highlight.faint:
            color.setAlpha(150)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(readable_on(color))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, highlight.tag)
        return box

    def _paint_ghost(self, painter: QPainter, highlight: Highlight, tags: list[QRect]) -> None:
        """A dashed outline around each line of the span and a hollow tag beside the others."""
        color = QColor(highlight.color)
        fill = QColor(color)
        fill.setAlpha(35)
        painter.setPen(QPen(color, 1.6, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        for rect in self._line_rects(highlight.start, highlight.end):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        if not highlight.tag:
            return
        box = beside(self._tag_box(painter, highlight), tags)
        tags.append(box)
        fill.setAlpha(70)
        painter.setPen(QPen(color, 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, highlight.tag)

    def _line_rects(self, start: int, end: int) -> list[QRect]:
        """The span's box on each line it covers (it may wrap)."""
        rects: list[QRect] = []
        metrics = self.fontMetrics()
        for index in range(start, min(end, start + GHOST_OUTLINE_CHARS)):
            left, after = self._rect_at(index), self._rect_at(index + 1)
            right = (
                after.left()
                if after.top() == left.top()
                else left.left() + metrics.horizontalAdvance(self._text[index])
            )
            rect = QRect(QPoint(left.left(), left.top()), QPoint(right, left.bottom()))
            if rects and rects[-1].top() == rect.top():
                rects[-1] = rects[-1].united(rect)
            else:
                rects.append(rect)
        return rects

    def _paint_outline(self, painter: QPainter, highlight: Highlight) -> None:
        start, end = self._rect_at(highlight.start), self._rect_at(highlight.end)
        painter.setPen(QColor(highlight.color).darker(130))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if start.top() == end.top():
            painter.drawRoundedRect(
                QRect(start.topLeft(), end.bottomLeft()).adjusted(-2, -1, 2, 1), 3, 3
            )
            return
        right = self.viewport().width() - 4
        painter.drawRect(
            QRect(QPoint(start.left() - 2, start.top()), QPoint(right, start.bottom()))
        )
        painter.drawRect(QRect(QPoint(4, end.top()), QPoint(end.left() + 2, end.bottom())))


def beside(box: QRect, placed: list[QRect]) -> QRect:
    """``box`` moved right past the tags already drawn that it would cover: answers or
    entities that start at the same place show their tags side by side."""
    box = QRect(box)
    while any(box.intersects(other) for other in placed):
        box.moveLeft(max(o.right() for o in placed if box.intersects(o)) + 3)
    return box
