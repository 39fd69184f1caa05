"""What the layout check asserts about one shown window, as readable problem lines.

- the window's minimum size fits the screen's available area, and its frame lies on it;
- no visible widget sticks out of its window or out of its parent (content scrolled inside
  a scroll area's viewport is exempt: scrolling is how it is reached);
- a table header's visible sections are wide enough for their titles, or the table
  scrolls (so "recisio" can not happen).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView, QWidget

SLACK = 1  # px of rounding


def window_problems(window: QWidget) -> list[str]:
    name = describe(window)
    screen = window.screen().availableGeometry()
    problems = []
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    if minimum.width() > screen.width() or minimum.height() > screen.height():
        problems.append(
            f"{name}: minimum size {minimum.width()}×{minimum.height()} "
            f"exceeds the screen's {screen.width()}×{screen.height()}"
        )
    frame = window.frameGeometry()
    if not screen.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(frame):
        problems.append(f"{name}: frame {_rect(frame)} is not inside the screen {_rect(screen)}")
    problems += clipped_widgets(window)
    problems += cut_headers(window)
    return problems


def clipped_widgets(window: QWidget) -> list[str]:
    problems = []
    bounds = window.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    for widget in visible_widgets(window):
        parent = widget.parentWidget()
        if parent is None or scrolled_content(widget):
            continue
        box = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not bounds.contains(box):
            problems.append(
                f"{describe(window)}: {describe(widget)} at {_rect(box)} "
                f"is outside the window {_rect(window.rect())}"
            )
        elif (
            not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(widget.geometry())
            and not widget.isWindow()
        ):
            problems.append(
                f"{describe(window)}: {describe(widget)} {_rect(widget.geometry())}"
                f" sticks out of its parent {describe(parent)} {_rect(parent.rect())}"
            )
    return problems


def cut_headers(window: QWidget) -> list[str]:
    """Header titles cut short in a table that cannot scroll to show them in full."""
    problems = []
    for header in window.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation().value != 1:  # horizontal only
            continue
        model = header.model()
        if model is None:
            continue
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            title = str(model.headerData(section, header.orientation()) or "")
            need = metrics.horizontalAdvance(title) + 4
            if title and header.sectionSize(section) + SLACK < need:
                problems.append(
                    f"{describe(window)}: column {title!r} of {describe(header)} "
                    f"is {header.sectionSize(section)} px, its title needs {need}"
                )
    return problems


def visible_widgets(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window) and w.window() is window and w.isVisible()
    ]


def scrolled_content(widget: QWidget) -> bool:
    """Inside a scroll area's viewport (list items, a scroll area's page, a text view)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def describe(widget: QWidget) -> str:
    name = widget.objectName()
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    title = widget.windowTitle() if widget.isWindow() else ""
    parts = [
        type(widget).__name__,
        f"#{name}" if name else "",
        f"{str(label)[:30]!r}" if label else "",
        f"'{title}'" if title else "",
    ]
    return " ".join(p for p in parts if p)


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()})"
