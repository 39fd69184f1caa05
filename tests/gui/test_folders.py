"""File dialogs open in the folder last used for the same purpose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import focused, open_active, write_jsonl


def test_browse_opens_where_the_last_import_came_from(
    qtbot, shell, sentiment_project, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = write_jsonl(inbox / "more.jsonl", [{"text": "Loved it"}])
    opened_in: list[str] = []

    def get_open(_parent, title, folder, _filters=""):  # type: ignore[no-untyped-def]
        opened_in.append(folder)
        return (str(source) if title == "Import documents" else ""), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    window = open_active(qtbot, shell, sentiment_project)
    for _ in range(2):
        qtbot.keyClick(focused(window), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.mouseClick(window.import_dialog.file.browse, Qt.MouseButton.LeftButton)
        window.import_dialog.reject()
    assert opened_in == [str(Path.home()), str(inbox)]
    shell.choose_project()  # Open project: its own purpose, not the import folder
    assert opened_in[2] == str(Path.home())
    qtbot.keyClick(focused(window), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not window.export_dialog.path_edit.text().startswith(str(inbox))
