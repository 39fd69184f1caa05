"""The theme and icons load from the package (the app/ regroup had lost them: the start
raised FileNotFoundError for style.qss), and the theme leaves item views on the native style:
an application-wide style sheet sent every table cell through Qt's style-sheet style, which
made the document list's repaint after each evaluation 2-3x slower (a stall while training)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget

from app.widgets import theme


def style_class(widget: QWidget) -> str:
    return widget.style().metaObject().className()


def test_theme_loads_the_icons(qapp: QApplication) -> None:
    theme.apply_theme(qapp)
    assert not qapp.windowIcon().isNull()
    names = [path.name.removesuffix(".svg") for path in (theme.RESOURCES / "icons").iterdir()]
    assert len(names) > 10
    assert [name for name in names if theme.icon(name).isNull()] == []


def test_tables_paint_through_the_native_style_and_hints_keep_their_colour(
    qapp: QApplication,
) -> None:
    theme.apply_theme(qapp)
    assert qapp.styleSheet() == ""
    table = QTableView()
    assert style_class(table) != "QStyleSheetStyle"
    label = theme.as_hint(QLabel("a hint"))
    label.ensurePolished()
    placeholder = qapp.palette().color(QPalette.ColorRole.PlaceholderText)
    assert label.palette().color(QPalette.ColorRole.WindowText) == placeholder
    assert placeholder != qapp.palette().color(QPalette.ColorRole.WindowText)
