"""The stylesheet and icons load from the package (the app/ regroup had lost them: the start
raised FileNotFoundError for style.qss)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.widgets import theme


def test_theme_loads_the_stylesheet_and_icons(qapp: QApplication) -> None:
    theme.apply_theme(qapp)
    assert "#startAction" in qapp.styleSheet()
    assert not qapp.windowIcon().isNull()
    names = [path.name.removesuffix(".svg") for path in (theme.RESOURCES / "icons").iterdir()]
    assert len(names) > 10
    assert [name for name in names if theme.icon(name).isNull()] == []
