"""The Team section of Project settings: your name and making a team project, each followed
by the project opened again as that."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.support.settings import AppSettings
from app.team.team_box import TeamBox
from ptcore.store.project import Project
from tests.gui.conftest import open_active


def team_box(window) -> TeamBox:  # type: ignore[no-untyped-def]
    window.show_settings()
    boxes = window.settings_dialog.findChildren(TeamBox)
    assert len(boxes) == 1
    return boxes[0]


def test_making_a_team_project_opens_it_again_as_one(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    AppSettings().set_annotator_name("ada")
    window = open_active(qtbot, shell, sentiment_project)
    box = team_box(window)
    assert box.team_button.text() == "Make this a team project"
    box.overlap.setValue(3)
    box.gold_rule.setCurrentIndex(box.gold_rule.findData("annotator:ada"))
    qtbot.mouseClick(box.team_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not window and shell.window is not None)
    reopened = shell.window
    assert reopened.project.team is not None
    assert (reopened.project.team.overlap, reopened.project.team.gold_rule) == (3, "annotator:ada")
    assert "as ada" in reopened.windowTitle()
    assert team_box(reopened).team_button.text() == "Save team rules"


def test_a_new_name_opens_the_project_again_under_it(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    AppSettings().set_annotator_name("ada")
    window = open_active(qtbot, shell, sentiment_project)
    box = team_box(window)
    box.name.clear()
    qtbot.keyClicks(box.name, "grace")
    qtbot.keyClick(box.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not window and shell.window is not None)
    assert shell.window.project.annotator == "grace"
    assert AppSettings().annotator_name() == "grace"
    with Project(sentiment_project, annotator="x") as project:
        assert project.team is None  # the name alone makes no team
