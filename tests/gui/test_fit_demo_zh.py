"""The start page's Chinese demo: without a registered model that reads Chinese it says what it
needs; with one it opens a Chinese project on that model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models.model_registry import register_model
from tests.fit.test_demo_zh import chinese_model
from tests.fit.test_fit_guard import latin_backbone

WAIT_MS = 30_000


def test_without_a_chinese_model_it_explains(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register_model(latin_backbone(tmp_path / "latin"))  # registered, but no Chinese
    shell.show_start()
    with qtbot.waitSignal(shell.bridge.user_error_shown, timeout=WAIT_MS) as shown:
        qtbot.mouseClick(shell.start.demo_buttons["ner-zh"], Qt.MouseButton.LeftButton)
    message = shown.args[0]
    assert "needs a base model that reads Chinese" in message
    assert "add the folder in Project ▸ Base model" in message and "docs/models.md" in message
    assert shell.window is None


def test_with_a_registered_chinese_model_it_opens(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = chinese_model(tmp_path / "zh-model")
    register_model(latin_backbone(tmp_path / "latin"))
    register_model(model)
    shell.show_start()
    qtbot.mouseClick(shell.start.demo_buttons["ner-zh"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=WAIT_MS)
    assert shell.window.project.info().base_model == str(model.resolve())
    assert shell.window.panel.model.rowCount() == 36
