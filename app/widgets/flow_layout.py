"""A layout that places widgets left to right and wraps them onto new lines (Qt's Flow
Layout example): a row of label chips that never makes the window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QWidget,
)

SPACING = 6
MIN_WIDTH_CAP = 160


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = SPACING) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._heights: dict[int, int] = {}  # heightForWidth, until the layout is invalidated
        self._minimum: QSize | None = None  # minimumSize, likewise
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout's item protocol --------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def items(self) -> list[QLayoutItem]:
        return list(self._items)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # Geometry -------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Remembered per width: a window relayout asks again and again (each progress
        message of a training run), and arranging the chips in Python holds the GUI thread."""
        if width not in self._heights:
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def invalidate(self) -> None:
        """An item changed (Qt calls this when a chip's size hint changes): measure again."""
        self._heights.clear()
        self._minimum = None
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """As wide as the widest single item (the rest wraps), but never wider than
        ``MIN_WIDTH_CAP``: one very long label name must not widen the window."""
        if self._minimum is None:
            self._minimum = self._measure_minimum()
        return QSize(self._minimum)

    def _measure_minimum(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        size.setWidth(min(size.width(), MIN_WIDTH_CAP))
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self, horizontal: bool) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return SPACING
        metric = (
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing
            if horizontal
            else QStyle.PixelMetric.PM_LayoutVerticalSpacing
        )
        return parent.style().pixelMetric(metric, None, parent)

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in lines inside ``rect``; returns the height they need."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(max(area.width(), 1), item.sizeHint().height()))
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + self._gap(False), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap(True)
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class FlowArea(QScrollArea):
    """A flow layout in a frameless scroll area: as tall as its lines need at the width it
    gets, up to ``max_lines`` lines; past that it scrolls instead of growing the window."""

    def __init__(self, layout: FlowLayout, max_lines: int = 3) -> None:
        super().__init__()
        self.flow, self.max_lines = layout, max_lines
        inner = QWidget()
        inner.setLayout(layout)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        inner.installEventFilter(self)  # items shown or hidden: ask for a new height

    def _line_height(self) -> int:
        heights = [item.sizeHint().height() for item in self.flow.items() if not item.isEmpty()]
        return max(heights, default=self.fontMetrics().height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        room = width - self.verticalScrollBar().sizeHint().width()
        cap = self.max_lines * self._line_height() + (self.max_lines - 1) * SPACING
        return min(self.flow.heightForWidth(max(1, room)), cap)

    def sizeHint(self) -> QSize:
        width = self.width() if self.isVisible() else 600
        return QSize(self.flow.minimumSize().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.flow.minimumSize().width(), self._line_height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.refresh()
        elif event.type() == QEvent.Type.LayoutRequest:
            # The flow layout was invalidated already (that is what posts this event).
            # Invalidating it again here would post another one: a loop that kept the GUI
            # thread busy for as long as the window was open.
            self._relayout_parent()
        return False

    def refresh(self) -> None:
        """After items were added, removed, shown or hidden: lay the parent out again. (A
        layout that only ever ran because its widget was resized, as in a splitter, ignores
        invalidation until it is activated.)"""
        self.flow.invalidate()
        self._relayout_parent()

    def _relayout_parent(self) -> None:
        self.updateGeometry()
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is not None:
            layout.invalidate()
            layout.activate()
