"""Undo/Redo of an edit made on another document opens that document and outlines the
change for a moment: the outlined range is the edit's range (issue 10)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.editors.span_text_view import FLASH_MS
from tests.gui.conftest import focused, open_active
from tests.gui.editor_fixtures import drag, make_project

CTRL = Qt.KeyboardModifier.ControlModifier
TEXTS = ["Alice flew from Paris to Rome on Monday.", "Bob stayed home.", "Carol wrote."]


@pytest.fixture(autouse=True)
def _no_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outline is about spans, not token boundaries: skip loading the model's tokenizer
    (seconds in a background thread)."""
    from app.editors import ner

    monkeypatch.setattr(ner, "project_tokenizer", lambda _project: None)


def ner_window(qtbot, shell, tmp_path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "ner", ["PER", "LOC"], TEXTS)
    path = project.path
    project.close()
    return open_active(qtbot, shell, path)


def test_undo_elsewhere_outlines_the_entity_it_removes(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = ner_window(qtbot, shell, tmp_path)
    editor, first = window.editor, window.editor.document_id
    paris = (TEXTS[0].index("Paris"), TEXTS[0].index("Paris") + 5)
    drag(qtbot, editor.view, *paris)
    qtbot.keyClick(editor.view, Qt.Key.Key_2)  # LOC
    window.panel.select_row(2)
    assert editor.document_id != first and editor.view.flashed == []
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert editor.document_id == first
    assert editor.view.flashed == [paris]
    qtbot.waitUntil(lambda: editor.view.flashed == [], timeout=FLASH_MS + 3000)  # it fades
    window.panel.select_row(1)
    qtbot.keyClick(focused(window), Qt.Key.Key_Y, CTRL)
    assert editor.document_id == first
    assert editor.view.flashed == [paris]
    assert [(e.start, e.end) for e in window.project.documents.get(first).entities] == [paris]


def test_undo_of_a_relabel_outlines_the_entity(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = ner_window(qtbot, shell, tmp_path)
    editor, first = window.editor, window.editor.document_id
    alice = (0, 5)
    drag(qtbot, editor.view, *alice)
    qtbot.keyClick(editor.view, Qt.Key.Key_2)  # LOC, by mistake
    [entity] = window.project.documents.get(first).entities
    editor.select_entity(entity.id)
    qtbot.keyClick(editor.view, Qt.Key.Key_1)  # PER
    window.panel.select_row(1)
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert editor.document_id == first
    assert editor.view.flashed == [alice]
    assert [e.label for e in window.project.documents.get(first).entities] == ["LOC"]


def test_undo_elsewhere_selects_the_question_and_outlines_its_answer(
    qtbot, shell, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    questions = [["Who flew?", "Where to?"], ["Who stayed?"], []]
    project = make_project(tmp_path, "qa", [], TEXTS, questions)
    path = project.path
    project.close()
    window = open_active(qtbot, shell, path)
    editor, first = window.editor, window.editor.document_id
    who, where = window.project.documents.get(first).questions
    editor.select_question(where.id)
    rome = (TEXTS[0].index("Rome"), TEXTS[0].index("Rome") + 4)
    drag(qtbot, editor.view, *rome)
    editor.select_question(who.id)
    window.panel.select_row(1)
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert editor.document_id == first
    assert editor.selected == where.id
    assert editor.view.flashed == [rome]


def test_undo_elsewhere_outlines_the_label_it_clears(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    editor, first = window.editor, window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # "positive"; the editor moves on
    window.panel.select_row(10)
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, CTRL)
    assert editor.document_id == first
    assert editor.flashed_labels == ["positive"]
    button = editor.label_buttons["positive"]
    assert "3px solid" in button.styleSheet()
    qtbot.waitUntil(lambda: "3px solid" not in button.styleSheet(), timeout=FLASH_MS + 3000)
