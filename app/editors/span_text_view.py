"""A read-only text view that shows coloured spans and hands out snapped selections.

Shared by the NER and QA editors. Outside this widget every offset is a Python ``str``
index; inside, Qt counts UTF-16 units: ``OffsetMap`` converts at this boundary. Spans are
painted as character formats (kept by the document, so scrolling costs nothing) plus a
small label tag under each span's start, drawn only for the visible part of the text.
Model suggestions are "ghosts": a dashed outline and a hollow tag, painted over the text
without touching its formats, so gold spans (filled, underlined) stay distinct. What is
painted over the text, and how, is ``span_paint``'s.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.editors.span_paint import Highlight, SpanPainter
from app.widgets.theme import reading_font
from ptcore.snapping import snap_span, word_at
from ptcore.text_offsets import OffsetMap

LINE_HEIGHT_PERCENT = 175  # room under each line for the label tags
READING_POINT_SIZE = 14
OVERLAP_WINDOW = 50  # QA answers of different questions may overlap
FLASH_MS = 1800  # how long the outline of a change brought back by undo/redo fades


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
        self.flashed: list[tuple[int, int]] = []  # spans outlined by ``flash``, while it fades
        self._fade = QVariantAnimation(self, startValue=1.0, endValue=0.0, duration=FLASH_MS)
        self._fade.valueChanged.connect(self.viewport().update)
        self._fade.finished.connect(self._end_flash)

    # Content ------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self._fade.stop()
        self._text, self.flashed = text, []
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

    def flash(self, spans: Sequence[tuple[int, int]]) -> None:
        """Outline ``spans`` for a moment, fading out, and scroll to the first: where the
        annotations just changed (undo/redo brings a person back to an edit)."""
        self._fade.stop()
        self.flashed = [(s, e) for s, e in spans if 0 <= s < e <= len(self._text)]
        if not self.flashed:
            return
        self.reveal(self.flashed[0][0])
        self._fade.start()

    def _end_flash(self) -> None:
        self.flashed = []
        self.viewport().update()

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
        if not visible and not self.flashed:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tag_font = QFont(self.font())
        tag_font.setPointSizeF(self.font().pointSizeF() * 0.55)
        tag_font.setBold(True)
        painter.setFont(tag_font)
        paint = SpanPainter(self, painter)
        tags: list[QRect] = []
        for highlight in visible:
            if highlight.ghost:
                continue
            if highlight.key == self._selected and highlight.key is not None:
                paint.outline(highlight)
            if highlight.tag:
                tags.append(paint.tag(highlight, tags))
        for highlight in visible:
            if highlight.ghost:
                paint.ghost(highlight, tags)
        if self.flashed:
            paint.flash(self.flashed, self._fade.currentValue())
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

    def rect_at(self, index: int) -> QRect:
        """The cursor rectangle before character ``index`` (a Python index)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(index))
        return self.cursorRect(cursor)
