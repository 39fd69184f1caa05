"""The start page: one-click demos for each task, and a new project through the wizard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton, QWizard

from ptcore.store.project import Project
from tests.gui.conftest import write_jsonl

DEMO_SIZES = {"classification": 130, "ner": 130, "qa": 109}  # ptcore/demo_data, deduplicated


@pytest.mark.parametrize("task", list(DEMO_SIZES))
def test_demo_project_opens_for_each_task(
    qtbot,
    shell,
    task: str,
) -> None:  # type: ignore[no-untyped-def]
    shell.show_start()
    qtbot.mouseClick(shell.start.demo_buttons[task], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=5000)
    window = shell.window
    assert window.project.task == task
    assert window.panel.model.rowCount() == DEMO_SIZES[task]
    assert window.editor.document is not None
    assert window.panel.model.index(0, 3).data()
    with Project(window.project.path) as project:
        assert project.stats()["labeled"] > 0


def _click_indicator(qtbot, button: QRadioButton) -> None:  # type: ignore[no-untyped-def]
    """Click where a person clicks a radio button: on its round indicator."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def _next(qtbot, wizard: QWizard) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_wizard_creates_a_project_with_labels_and_first_import(
    qtbot,
    shell,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    source = write_jsonl(
        tmp_path / "first.jsonl",
        [
            {
                "text": "Ada Lovelace lived in London.",
                "entities": [[0, 12, "PER"], [22, 28, "LOC"]],
            },
            {"text": "No entities here."},
        ],
    )
    shell.show_start()
    qtbot.mouseClick(shell.start.new_button, Qt.MouseButton.LeftButton)
    wizard = shell.wizard
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    page = wizard.task_page
    _click_indicator(qtbot, page.findChild(QRadioButton, "task_ner"))
    page.name.clear()
    qtbot.keyClicks(page.name, "people")
    page.folder.clear()
    qtbot.keyClicks(page.folder, str(tmp_path))
    _next(qtbot, wizard)
    assert [label.name for label in wizard.labels_page.table.labels()] == ["PER", "ORG", "LOC"]
    _next(qtbot, wizard)
    model = wizard.model_page
    _click_indicator(qtbot, model.custom)
    qtbot.keyClicks(model.folder, str(tmp_path))
    assert "config.json" in model.check.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _click_indicator(qtbot, model.default)
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.import_page.file.path_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.import_page.file.path_edit, str(source))
    qtbot.keyClick(wizard.import_page.file.path_edit, Qt.Key.Key_Tab)
    assert wizard.import_page.file.preview.rowCount() == 2
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.job is None, timeout=5000)
    assert shell.window.panel.model.rowCount() == 2
    with Project(tmp_path / "people.db") as project:
        assert project.task == "ner"
        assert [label.name for label in project.labels.all()] == ["PER", "ORG", "LOC"]
        assert project.stats()["by_label"] == {"PER": 1, "ORG": 0, "LOC": 1}
        assert project.info().base_model == ""
