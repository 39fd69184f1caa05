"""Importing text the project's model cannot read warns with the numbers; readable text not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from ptcore.store.project import Project
from tests.fit.test_fit_guard import CHINESE, latin_backbone
from tests.gui.conftest import open_active, write_jsonl
from tests.gui.test_shell_import_export import OK


def _import(qtbot, window, path: Path) -> None:  # type: ignore[no-untyped-def]
    window.import_action.trigger()
    dialog = window.import_dialog
    qtbot.keyClicks(dialog.file.path_edit, str(path))
    qtbot.keyClick(dialog.file.path_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def test_import_of_unreadable_text_warns_with_the_numbers(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.db"
    Project.create(path, "ner", ["PER"], base_model=str(latin_backbone(tmp_path / "m"))).close()
    window = open_active(qtbot, shell, path)
    _import(
        qtbot,
        window,
        write_jsonl(tmp_path / "en.jsonl", [{"text": "john visited paris", "entities": []}]),
    )
    qtbot.waitUntil(lambda: window.job is None, timeout=20_000)
    assert window.fit_box is None
    _import(
        qtbot,
        window,
        write_jsonl(tmp_path / "zh.jsonl", [{"text": text, "entities": []} for text in CHINESE]),
    )
    qtbot.waitUntil(lambda: window.job is None, timeout=20_000)
    box = window.fit_box
    assert box is not None and box.isVisible()
    assert "cannot read the imported text" in box.text()
    assert "Unknown tokens: 100.0 % of 22 tokens" in box.text() and "models.md</a>" in box.text()
    assert window.project.documents.count() == 5  # the import itself went through
    qtbot.mouseClick(box.button(box.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not box.isVisible()
