"""Project ▸ Base model: registered folders side by side with the fit on this project's text;
add (verified), switch, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models.model_registry import registered_models
from ptcore.store.project import Project
from tests.engine.projects import backbone
from tests.fit.test_fit_guard import chinese_project, latin_backbone
from tests.gui.conftest import open_active

WAIT_MS = 30_000


def _texts(dialog, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_add_compare_switch_and_remove(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    latin = latin_backbone(tmp_path / "latin")
    window = open_active(qtbot, shell, chinese_project(tmp_path / "zh.db", latin))
    window.models_action.trigger()
    dialog = window.models_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 2  # embedded, the project's own
    qtbot.waitUntil(lambda: all(row.info for row in dialog.rows), timeout=WAIT_MS)
    own = _texts(dialog, 1)
    assert own[:3] == ["✓", "latin", "bert"] and own[4:7] == ["2", "32", "176"]
    assert own[8:] == ["75.9 %", "75.9 %", "cannot read"]
    dialog.add_folder(str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: "Not added" in dialog.status.text(), timeout=WAIT_MS)
    cjk = backbone(tmp_path / "cjk")
    dialog.add_folder(str(cjk))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=WAIT_MS)
    assert registered_models() == [str(cjk.resolve())]
    assert _texts(dialog, 2)[8:] == ["0.0 %", "0.0 %", "reads well"]
    assert dialog.selected().folder == str(cjk.resolve())
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    with Project(tmp_path / "zh.db") as project:
        assert project.info().base_model == str(cjk.resolve())
    assert _texts(dialog, 2)[0] == "✓" and not dialog.use_button.isEnabled()
    dialog.select(str(cjk.resolve()))
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert registered_models() == []
    assert "the folder is untouched" in dialog.status.text() and cjk.is_dir()
