"""Layouts that fit: label chips wrap, every label has a way in from the keyboard, windows
remember their size per project, toolbar buttons keep short texts, QA questions wrap and
coinciding answers show their tags side by side."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from app.editors.label_picker import LabelPicker
from ptcore.records import Answer, DocumentRecord, Question, Task
from ptcore.store.labels import SHORTCUT_KEYS
from ptcore.store.project import Project
from tests.gui.conftest import open_active
from tests.gui.editor_fixtures import drag, make_editor, make_project

NAMES = [f"category_{i:02d}_long_name" for i in range(1, 41)]
TEXT = "Ada Lovelace wrote the first program for the Analytical Engine in London."


def ner_project(folder: Path, labels: list[str]) -> Project:
    project = make_project(folder, Task.NER, labels, [TEXT])
    project.update_info(base_model=str(folder / "no-model"))  # no tokenizer to load
    return project


def chips_inside(editor, buttons) -> bool:  # type: ignore[no-untyped-def]
    """Every chip lies within the editor's width (it may scroll vertically, never sideways)."""
    right = editor.width()
    return all(
        b.mapTo(editor, b.rect().topLeft()).x() >= 0
        and b.mapTo(editor, b.rect().topRight()).x() <= right
        for b in buttons
    )


def test_thirty_ner_chips_wrap_within_a_narrow_editor(qtbot, tmp_path: Path) -> None:
    project = ner_project(tmp_path, NAMES[:30])
    editor, _stack, _ids = make_editor(qtbot, project)
    assert editor.minimumSizeHint().width() < 500  # one row of 30 chips was ~4,000 px
    editor.resize(520, 500)
    qtbot.waitUntil(lambda: editor.legend_area.height() > 0)
    chips = [editor.legend.itemAt(i).widget() for i in range(editor.legend.count())]
    assert chips_inside(editor, chips)
    assert len({chip.y() for chip in chips}) > 1  # on more than one line


def test_thirty_classification_buttons_wrap(qtbot, tmp_path: Path) -> None:
    project = make_project(tmp_path, Task.CLASSIFICATION, NAMES[:30], [TEXT])
    editor, _stack, _ids = make_editor(qtbot, project)
    assert editor.minimumSizeHint().width() < 500
    editor.resize(520, 500)
    assert chips_inside(editor, list(editor.label_buttons.values()))
    assert editor.minimumSizeHint().height() < 500  # the rows scroll, they do not stack up


def test_labels_past_ten_get_letter_keys_that_are_not_the_editors_own() -> None:
    assert SHORTCUT_KEYS[:10] == "1234567890"
    assert len(set(SHORTCUT_KEYS)) == len(SHORTCUT_KEYS) >= 30
    assert not set("ans") & set(SHORTCUT_KEYS)  # accept, no answer, skip


def test_the_eleventh_label_is_one_key_away(qtbot, tmp_path: Path) -> None:
    project = ner_project(tmp_path, NAMES[:13])
    editor, _stack, ids = make_editor(qtbot, project)
    eleventh = project.labels.all()[10]
    assert eleventh.shortcut == "b"
    drag(qtbot, editor.view, 0, 12)
    qtbot.keyClick(editor, Qt.Key.Key_B)
    entities = project.documents.get(ids[0]).entities
    assert [(e.start, e.end, e.label) for e in entities] == [(0, 12, eleventh.name)]


def test_the_picker_reaches_a_label_without_a_key(qtbot, tmp_path: Path) -> None:
    project = make_project(tmp_path, Task.CLASSIFICATION, NAMES, [TEXT])
    editor, _stack, ids = make_editor(qtbot, project)
    last = project.labels.all()[-1]
    assert last.shortcut == ""  # 40 labels: more than there are keys
    qtbot.keyClicks(editor, "/")
    picker = editor.picker
    assert isinstance(picker, LabelPicker) and picker.isVisible()
    qtbot.keyClicks(picker.filter, "40_long")
    assert picker.list.currentItem().text() == last.name
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert project.documents.get(ids[0]).label_names == (last.name,)
    assert not picker.isVisible()


def test_window_size_and_splits_are_remembered_per_project(qtbot, shell, tmp_path: Path) -> None:
    first, second = (
        ner_project(tmp_path / name, ["PER"])
        for name in ("a", "b")
        if (tmp_path / name).mkdir() is None
    )
    paths = [first.path, second.path]
    first.close()
    second.close()
    window = open_active(qtbot, shell, paths[0])
    default = window.size()
    window.resize(700, 500)  # within the offscreen screen, which restoring clamps to
    window.splitter.setSizes([150, sum(window.splitter.sizes()) - 150])
    shrunk, splits = window.size(), window.splitter.sizes()
    window = open_active(qtbot, shell, paths[1])  # closes the first
    assert window.size() == default
    window = open_active(qtbot, shell, paths[0])
    assert window.size() == shrunk
    assert window.splitter.sizes() == splits


def test_toolbar_undo_keeps_a_short_text(qtbot, shell, tmp_path: Path) -> None:
    project = ner_project(tmp_path, ["ORG", "LOC"])
    path = project.path
    project.close()
    window = open_active(qtbot, shell, path)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    undo = next(b for b in toolbar.findChildren(QToolButton) if b.text() == "Undo")
    width = undo.sizeHint().width()
    drag(qtbot, window.editor.view, 0, 12)
    qtbot.keyClick(window.editor, Qt.Key.Key_1)
    assert undo.isEnabled() and undo.text() == "Undo"
    assert undo.sizeHint().width() == width
    assert "Ada Lovelace" in undo.toolTip()
    assert "Ada Lovelace" in window.undo_action.text()  # the Edit menu says it all


def qa_project(tmp_path: Path, questions: list[Question]) -> Project:
    project = Project.create(tmp_path / "qa.db", Task.QA)
    project.import_records([DocumentRecord(TEXT, questions=questions)], Path("test"))
    return project


def test_long_questions_wrap_in_the_list(qtbot, tmp_path: Path) -> None:
    long = "In which city did the person who wrote the first program live when she wrote it?"
    project = qa_project(tmp_path, [Question(long)])
    editor, _stack, _ids = make_editor(qtbot, project)
    editor.questions.setFixedWidth(220)
    QApplication.processEvents()
    rect = editor.questions.visualItemRect(editor.questions.item(0))
    assert rect.width() <= editor.questions.viewport().width()
    assert rect.height() > 3 * editor.questions.fontMetrics().height()  # wrapped lines


def test_coinciding_answers_show_their_tags_side_by_side(qtbot, tmp_path: Path) -> None:
    same = [Answer(0, 12)]
    project = qa_project(tmp_path, [Question("Who?", same), Question("Who wrote it?", same)])
    editor, _stack, _ids = make_editor(qtbot, project)
    qtbot.waitUntil(lambda: len(editor.view.tag_boxes) == 2)
    boxes: list[QRect] = editor.view.tag_boxes
    assert len(boxes) == 2
    assert not boxes[0].intersects(boxes[1])
