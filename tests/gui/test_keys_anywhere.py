"""Annotation keys work wherever the focus is, except in a text field; Escape leaves a text
field; after adding a QA question the next key annotates; Ctrl+Y and Ctrl+Shift+Z redo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ptcore.records import Status
from tests.gui.conftest import focused, open_active
from tests.gui.editor_fixtures import make_project

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
PLACES = (
    "the list",
    "the status filter",
    "the split filter",
    "the label filter",
    "the model filter",
    "the Training panel's table",
    "the Advanced button",
)


def place_focus(window, place: str) -> None:  # type: ignore[no-untyped-def]
    panel, train = window.panel, window.training.panel
    widget = {
        "the list": panel.view,
        "the status filter": panel.status_box,
        "the split filter": panel.split_box,
        "the label filter": panel.label_box,
        "the model filter": panel.model_box,
        "the Training panel's table": train.metrics_view,
        "the Advanced button": train.advanced_button,
    }[place]
    widget.setEnabled(True)  # the model filter waits for a run; the key must not care
    widget.setFocus()
    assert QApplication.focusWidget() is widget, place


def state(window):  # type: ignore[no-untyped-def]
    document = window.project.documents.get(window.editor.document_id)
    return document.label_names, document.status


@pytest.mark.parametrize("place", PLACES)
def test_label_key_and_s_work_with_the_focus_outside_the_editor(
    qtbot, shell, sentiment_project, place
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    first = window.editor.document_id
    place_focus(window, place)
    qtbot.keyClick(focused(window), Qt.Key.Key_2)  # "negative"; single-label moves on
    assert window.project.documents.get(first).label_names == ("negative",)
    second = window.editor.document_id
    assert second != first
    place_focus(window, place)
    qtbot.keyClick(focused(window), Qt.Key.Key_S)
    assert window.project.documents.get(second).status == Status.SKIPPED


def test_enter_and_a_from_the_list(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    window.panel.view.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # no label yet: says so, stays
    assert "Choose a label first" in window.editor.notice.text()
    window.panel.select_row(26)  # a labelled review: Enter confirms it and moves on
    window.panel.view.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert window.editor.document_id == window.panel.model.document_id(27)
    window.panel.view.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_A)
    assert "no suggestion" in window.editor.notice.text()  # A reached the editor


def test_text_fields_type_and_escape_leaves_them(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    first = window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_F, CTRL)
    assert focused(window) is window.panel.search
    qtbot.keyClicks(focused(window), "as12")
    assert window.panel.search.text() == "as12"
    assert window.project.documents.get(first).label_names == ()  # nothing annotated
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)
    assert focused(window) is window.editor
    window.training.panel.advanced_button.setChecked(True)
    window.training.panel.form.epochs.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_Escape)
    assert focused(window) is window.editor


def test_ctrl_y_and_ctrl_shift_z_both_redo(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    first = window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    for redo in ((Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)):
        qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
        assert window.project.documents.get(first).label_names == ()
        qtbot.keyClick(focused(window), *redo)
        assert window.project.documents.get(first).label_names == ("positive",), redo


def test_after_adding_a_question_n_marks_no_answer(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "qa", [], ["Paris is in France.", "Rome."], [[], []])
    path = project.path
    project.close()
    window = open_active(qtbot, shell, path)
    editor = window.editor
    editor.question_edit.setFocus()
    qtbot.keyClicks(focused(window), "Where is Paris")
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)
    assert focused(window) is editor.view  # the context, to drag the answer
    qtbot.keyClick(focused(window), Qt.Key.Key_N)
    [question] = window.project.documents.get(editor.document_id).questions
    assert (question.text, question.no_answer) == ("Where is Paris", True)
    assert editor.question_edit.text() == ""


def test_s_on_an_annotated_document_keeps_and_says_so(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    window.panel.select_row(26)  # a review labelled "positive"
    doc = window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_S)
    stored = window.project.documents.get(doc)
    assert (stored.label_names, stored.status) == (("positive",), Status.SKIPPED)
    assert "left it out of training, keeping its annotations (1)" in window.editor.notice.text()
    window.panel.select_document(doc)
    qtbot.keyClick(focused(window), Qt.Key.Key_Return)  # used again
    assert window.project.documents.get(doc).status == Status.LABELED


def test_undo_and_redo_open_the_document_they_change(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    first = window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # labelled; the editor moves on
    qtbot.keyClick(focused(window), Qt.Key.Key_2)
    third = window.editor.document_id
    window.panel.select_row(10)
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert window.editor.document_id == third - 1
    assert window.status.currentMessage().startswith("Undid: ")
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert window.editor.document_id == first
    assert window.project.documents.get(first).label_names == ()
    panel = window.panel  # a filter that hides the document: it is shown all the same
    panel.label_box.setCurrentIndex(panel.label_box.findData("negative"))
    qtbot.keyClick(focused(window), Qt.Key.Key_Y, CTRL)
    assert window.editor.document_id == first
    assert window.editor.document.label_names == ("positive",)
    assert window.status.currentMessage().startswith("Redid: ")
