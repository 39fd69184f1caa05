import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from app.editors import QaEditor, editor_for_task
from ptcore.records import Status
from tests.gui.editor_fixtures import double_click, drag, make_editor, make_project

CONTEXT = "😀 The Eiffel Tower, in Paris, was completed in 1889 by Gustave Eiffel's company."
OTHER = "长城位于中国北方，全长两万多公里。"


def qa(qtbot, tmp_path, questions):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "qa", [], [CONTEXT, OTHER], [questions, []])
    return project, *make_editor(qtbot, project)


def questions(project, document_id):  # type: ignore[no-untyped-def]
    return [
        (q.text, q.no_answer, [(a.start, a.end) for a in q.answers])
        for q in project.documents.get(document_id).questions
    ]


def test_editor_for_task() -> None:
    assert editor_for_task("qa") is QaEditor


def test_answer_by_selecting_text_and_a_second_answer(qtbot, tmp_path) -> None:
    project, editor, stack, ids = qa(qtbot, tmp_path, ["When was it completed?", "Where is it?"])
    year = CONTEXT.index("1889")
    with qtbot.waitSignal(editor.annotations_changed):
        drag(qtbot, editor.view, year + 1, year + 3)
    assert questions(project, ids[0])[0][2] == [(year, year + 4)]
    assert stack.undoText() == "Add answer '1889'"
    editor.questions.setCurrentRow(1)
    paris = CONTEXT.index("Paris")
    double_click(qtbot, editor.view, paris + 1)
    tower = CONTEXT.index("Eiffel Tower")
    drag(qtbot, editor.view, tower, tower + 12)
    assert questions(project, ids[0])[1][2] == [(paris, paris + 5), (tower, tower + 12)]
    assert project.documents.get(ids[0]).status == Status.LABELED
    stack.undo()
    assert questions(project, ids[0])[1][2] == [(paris, paris + 5)]


def test_mark_no_answer_and_undo_restores_answers(qtbot, tmp_path) -> None:
    project, editor, stack, ids = qa(qtbot, tmp_path, ["Who built it?"])
    editor.view.select_span(0, 0)
    company = CONTEXT.index("Gustave")
    drag(qtbot, editor.view, company, company + 14)
    qtbot.keyClick(editor, Qt.Key.Key_N)
    assert questions(project, ids[0]) == [("Who built it?", True, [])]
    assert editor.no_answer.isChecked()
    stack.undo()
    assert questions(project, ids[0]) == [("Who built it?", False, [(company, company + 14)])]
    stack.redo()
    assert questions(project, ids[0]) == [("Who built it?", True, [])]


def test_add_edit_delete_question_with_undo(qtbot, tmp_path) -> None:
    project, editor, stack, ids = qa(qtbot, tmp_path, [])
    qtbot.keyClicks(editor.question_edit, "Where is the tower?")
    qtbot.keyClick(editor.question_edit, Qt.Key.Key_Return)
    assert questions(project, ids[0]) == [("Where is the tower?", False, [])]
    paris = CONTEXT.index("Paris")
    double_click(qtbot, editor.view, paris)
    editor.start_edit()
    editor.question_edit.setText("In which city is the tower?")
    qtbot.keyClick(editor.question_edit, Qt.Key.Key_Return)
    assert questions(project, ids[0]) == [
        ("In which city is the tower?", False, [(paris, paris + 5)])
    ]
    assert stack.undoText() == "Edit question 'In which city is the tower?'"
    editor.delete_question()
    assert questions(project, ids[0]) == []
    assert stack.undoText() == "Delete question"
    stack.undo()
    assert questions(project, ids[0]) == [
        ("In which city is the tower?", False, [(paris, paris + 5)])
    ]
    stack.undo()  # the edit, on the re-created question
    assert questions(project, ids[0])[0][0] == "Where is the tower?"
    for _ in range(2):
        stack.redo()
    assert questions(project, ids[0]) == []


def test_undo_delete_puts_the_question_back_where_it_was(qtbot, tmp_path) -> None:
    asked = ["Where is it?", "When was it completed?", "Who built it?"]
    project, editor, stack, ids = qa(qtbot, tmp_path, asked)
    for row in (1, 0):
        editor.questions.setCurrentRow(row)
        editor.delete_question()
        assert [q[0] for q in questions(project, ids[0])] == asked[:row] + asked[row + 1 :]
        stack.undo()
        assert [q[0] for q in questions(project, ids[0])] == asked
    stack.redo()
    stack.undo()
    assert [editor.questions.item(r).text().split("\n")[0] for r in range(3)] == [
        f"Q{n}. {text}" for n, text in enumerate(asked, 1)
    ]
    qtbot.keyClicks(editor.question_edit, "How tall is it?")
    qtbot.keyClick(editor.question_edit, Qt.Key.Key_Return)
    assert [q[0] for q in questions(project, ids[0])] == [*asked, "How tall is it?"]


def test_empty_question_is_refused_visibly(qtbot, tmp_path) -> None:
    _project, editor, stack, _ids = qa(qtbot, tmp_path, [])
    with qtbot.waitSignal(editor.message):
        qtbot.keyClick(editor.question_edit, Qt.Key.Key_Return)
    assert "needs some text" in editor.notice.text()
    assert stack.count() == 0


def test_undo_answer_after_switching_document(qtbot, tmp_path) -> None:
    project, editor, stack, ids = qa(qtbot, tmp_path, ["Where is it?"])
    paris = CONTEXT.index("Paris")
    double_click(qtbot, editor.view, paris)
    editor.set_document(ids[1])
    with qtbot.waitSignal(editor.annotations_changed) as changed:
        stack.undo()
    assert changed.args == [ids[0]]
    assert questions(project, ids[0]) == [("Where is it?", False, [])]
    assert editor.view.text() == OTHER
