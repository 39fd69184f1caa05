"""The project settings dialog, driven by keyboard and mouse, checked against the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.project.project_settings import ProjectSettingsDialog
from app.support.messages import MessageBridge
from ptcore.records import DocumentRecord, Span
from ptcore.store.project import Project


@pytest.fixture
def dialog(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    project = Project.create(tmp_path / "n.db", "ner", ["PER", "LOC", "GPE"])
    project.import_records(
        [
            DocumentRecord(
                "Ann in Oslo", entities=[Span(0, 3, "PER"), Span(7, 11, "GPE")], labeled=True
            )
        ],
        Path("seed"),
    )
    bridge = MessageBridge()
    dialog = ProjectSettingsDialog(project, bridge)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog, project, bridge
    project.close()


def _select(dialog: ProjectSettingsDialog, name: str) -> None:
    dialog.list.setCurrentRow([label.name for label in dialog.labels].index(name))


def test_add_and_rename_by_typing(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    window, project, _ = dialog
    with qtbot.waitSignal(window.labels_changed):
        qtbot.keyClicks(window.new_name, "ORG")
        qtbot.keyClick(window.new_name, Qt.Key.Key_Return)
    _select(window, "PER")
    window.name.clear()
    with qtbot.waitSignal(window.labels_changed):
        qtbot.keyClicks(window.name, "PERSON")
        qtbot.keyClick(window.name, Qt.Key.Key_Return)
    assert project.labels.names() == ["PERSON", "LOC", "GPE", "ORG"]
    assert [e.label for e in next(project.documents.all()).entities] == ["PERSON", "GPE"]


def test_duplicate_name_shows_the_stores_message(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    window, project, bridge = dialog
    with qtbot.waitSignal(bridge.user_error_shown) as shown:
        qtbot.keyClicks(window.new_name, "LOC")
        qtbot.keyClick(window.new_name, Qt.Key.Key_Return)
    assert "already exists" in shown.args[0]
    assert project.labels.names() == ["PER", "LOC", "GPE"]


def test_merge_by_clicking(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    window, project, _ = dialog
    _select(window, "GPE")
    window.merge_target.setCurrentText("LOC")
    qtbot.mouseClick(window.merge_button, Qt.MouseButton.LeftButton)
    assert project.labels.names() == ["PER", "LOC"]
    assert [e.label for e in next(project.documents.all()).entities] == ["PER", "LOC"]


@pytest.mark.parametrize(
    ("answer", "remaining"),
    [
        (QMessageBox.StandardButton.No, ["PER", "LOC", "GPE"]),
        (QMessageBox.StandardButton.Yes, ["LOC", "GPE"]),
    ],
)
def test_deleting_a_used_label_asks_first(qtbot, dialog, monkeypatch, answer, remaining) -> None:  # type: ignore[no-untyped-def]
    window, project, _ = dialog
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or answer
    )
    _select(window, "PER")
    qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "used by 1 annotation." in asked[0]
    assert project.labels.names() == remaining


def test_unused_label_is_deleted_without_asking(qtbot, dialog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, project, _ = dialog
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    _select(window, "LOC")
    qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)
    assert project.labels.names() == ["PER", "GPE"]


def test_label_changes_say_they_clear_the_undo_history(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import focused, open_active

    window = open_active(qtbot, shell, sentiment_project)
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    assert window.undo_stack.canUndo()
    qtbot.keyClick(focused(window), Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    settings = window.settings_dialog
    assert settings.undo_note.isVisible() and "clear the undo history" in settings.undo_note.text()
    qtbot.keyClicks(settings.new_name, "neutral")
    qtbot.keyClick(settings.new_name, Qt.Key.Key_Return)
    assert not window.undo_stack.canUndo()
    assert window.status.currentMessage() == "Labels changed: the undo history was cleared."
