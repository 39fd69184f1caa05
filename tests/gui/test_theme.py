"""The colour swatch of label and entity lists: one helper, the same size on every screen."""

from __future__ import annotations

from PySide6.QtCore import QSize

from app.widgets.theme import SWATCH_PX, swatch


def test_a_swatch_is_swatch_px_on_a_1x_screen_and_crisp_at_2x(qapp) -> None:  # type: ignore[no-untyped-def]
    icon = swatch("#E69F00")
    assert icon.actualSize(QSize(64, 64)) == QSize(SWATCH_PX, SWATCH_PX)
    assert QSize(2 * SWATCH_PX, 2 * SWATCH_PX) in icon.availableSizes()
