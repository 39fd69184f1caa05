import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from app.editors import ClassificationEditor, editor_for_task
from ptcore.records import Status
from tests.gui.editor_fixtures import make_editor, make_project

TEXTS = ["A wonderful, moving film.", "Dull and far too long.", "这部电影很好看。"]


def test_editor_for_task() -> None:
    assert editor_for_task("classification") is ClassificationEditor
    assert editor_for_task("multilabel") is ClassificationEditor


def test_single_label_key_sets_label_and_advances(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "classification", ["positive", "negative"], TEXTS)
    editor, stack, ids = make_editor(qtbot, project)
    with (
        qtbot.waitSignal(editor.advance_requested),
        qtbot.waitSignal(editor.annotations_changed) as changed,
    ):
        qtbot.keyClick(editor, Qt.Key.Key_1)
    assert changed.args == [ids[0]]
    document = project.documents.get(ids[0])
    assert document.label_names == ("positive",)
    assert document.status == Status.LABELED
    qtbot.keyClick(editor, Qt.Key.Key_2)
    assert project.documents.get(ids[0]).label_names == ("negative",)
    assert stack.undoText() == "Set label negative"
    stack.undo()
    assert project.documents.get(ids[0]).label_names == ("positive",)
    stack.undo()
    assert project.documents.get(ids[0]).label_names == ()
    assert project.documents.get(ids[0]).status == Status.UNLABELED
    stack.redo()
    assert project.documents.get(ids[0]).label_names == ("positive",)


def test_label_bar_apply_label_and_no_advance_option(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "classification", ["positive", "negative"], TEXTS)
    editor, _stack, ids = make_editor(qtbot, project)
    editor.advance.setChecked(False)
    advanced = []
    editor.advance_requested.connect(lambda: advanced.append(True))
    editor.apply_label("negative")
    assert project.documents.get(ids[0]).label_names == ("negative",)
    assert not advanced
    assert editor.label_buttons["negative"].isChecked()


def test_multilabel_keys_toggle(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "multilabel", ["plot", "acting", "music"], TEXTS)
    editor, stack, ids = make_editor(qtbot, project)
    qtbot.keyClick(editor, Qt.Key.Key_1)
    qtbot.keyClick(editor, Qt.Key.Key_3)
    assert set(project.documents.get(ids[0]).label_names) == {"plot", "music"}
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert project.documents.get(ids[0]).label_names == ("music",)
    assert stack.undoText() == "Remove label plot"
    stack.undo()
    assert set(project.documents.get(ids[0]).label_names) == {"plot", "music"}


def test_enter_confirms_and_s_skips(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "multilabel", ["plot", "acting"], TEXTS)
    editor, stack, ids = make_editor(qtbot, project)
    with qtbot.waitSignal(editor.advance_requested):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert project.documents.get(ids[0]).status == Status.LABELED
    editor.set_document(ids[1])
    with qtbot.waitSignal(editor.advance_requested):
        qtbot.keyClick(editor, Qt.Key.Key_S)
    assert project.documents.get(ids[1]).status == Status.SKIPPED
    stack.undo()
    assert project.documents.get(ids[1]).status == Status.UNLABELED


def test_single_label_enter_without_label_says_why(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "classification", ["positive"], TEXTS)
    editor, _stack, ids = make_editor(qtbot, project)
    with qtbot.waitSignal(editor.message):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.notice.isVisible()
    assert project.documents.get(ids[0]).status == Status.UNLABELED


def test_undo_after_switching_document_reports_that_document(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "classification", ["positive", "negative"], TEXTS)
    editor, stack, ids = make_editor(qtbot, project)
    qtbot.keyClick(editor, Qt.Key.Key_2)
    editor.set_document(ids[2])
    with qtbot.waitSignal(editor.annotations_changed) as changed:
        stack.undo()
    assert changed.args == [ids[0]]
    assert project.documents.get(ids[0]).label_names == ()
