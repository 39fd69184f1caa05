"""QA: the model's answers as dashed ghosts in their question's colour; A answers the open
questions as the model does, a click accepts one answer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from app.window.document_list import DocumentListModel
from app.window.predictions import PredictionCache
from ptcore.records import Status
from tests.gui.editor_fixtures import click, make_editor, make_project
from tests.gui.prediction_fixtures import ghosts, show, store_run

CONTEXT = "😀 The Eiffel Tower, in Paris, was completed in 1889 by Gustave Eiffel's company."
PARIS = CONTEXT.index("Paris")
YEAR = CONTEXT.index("1889")
QUESTIONS = ["Where is it?", "When was it completed?", "How tall is it?"]


def answer(start: int, end: int, no_answer: bool = False) -> dict:  # type: ignore[type-arg]
    return {"start": start, "end": end, "text": CONTEXT[start:end], "no_answer": no_answer}


def setup(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "qa", [], [CONTEXT], [QUESTIONS])
    editor, stack, ids = make_editor(qtbot, project)
    where, when, tall = (q.id for q in project.documents.get(ids[0]).questions)
    run = store_run(
        project,
        [
            (ids[0], where, answer(PARIS, PARIS + 5), 0.82, None),
            (ids[0], when, answer(YEAR, YEAR + 4), 0.64, None),
            (ids[0], tall, answer(0, 0, no_answer=True), 0.7, None),
        ],
    )
    show(editor, project, run)
    return project, editor, stack, ids[0]


def state(project, document_id):  # type: ignore[no-untyped-def]
    return [
        (q.no_answer, [(a.start, a.end, a.source) for a in q.answers])
        for q in project.documents.get(document_id).questions
    ]


def test_predicted_answers_show_as_ghosts_and_no_answer_in_the_list(qtbot, tmp_path) -> None:
    _project, editor, _stack, _document = setup(qtbot, tmp_path)
    assert ghosts(editor) == [(PARIS, PARIS + 5, "Q1 0.82"), (YEAR, YEAR + 4, "Q2 0.64")]
    assert "model: 'Paris' 0.82" in editor.questions.item(0).text()
    assert "model: ∅ no answer 0.70" in editor.questions.item(2).text()
    editor.view.grab()


def test_a_answers_open_questions_with_model_source_and_undo_restores(qtbot, tmp_path) -> None:
    project, editor, stack, document = setup(qtbot, tmp_path)
    with qtbot.waitSignal(editor.annotations_changed):
        qtbot.keyClick(editor, Qt.Key.Key_A)
    assert state(project, document) == [
        (False, [(PARIS, PARIS + 5, "model")]),
        (False, [(YEAR, YEAR + 4, "model")]),
        (True, []),
    ]
    assert project.documents.get(document).status == Status.LABELED
    assert ghosts(editor) == []
    stack.undo()
    assert state(project, document) == [(False, []), (False, []), (False, [])]
    assert project.documents.get(document).status == Status.UNLABELED
    stack.redo()
    assert state(project, document)[2] == (True, [])


def test_clicking_a_ghost_answer_accepts_it(qtbot, tmp_path) -> None:
    project, editor, stack, document = setup(qtbot, tmp_path)
    click(qtbot, editor.view, YEAR + 1)
    assert state(project, document)[1] == (False, [(YEAR, YEAR + 4, "model")])
    assert stack.undoText() == "Accept answer '1889'"
    assert ghosts(editor) == [(PARIS, PARIS + 5, "Q1 0.82")]


def test_answered_questions_keep_their_answers(qtbot, tmp_path) -> None:
    project, editor, _stack, document = setup(qtbot, tmp_path)
    editor.select_question(project.documents.get(document).questions[0].id)
    editor.add_answer(PARIS, PARIS + 6)  # "Paris," differs from the model's "Paris"
    qtbot.keyClick(editor, Qt.Key.Key_A)
    assert state(project, document)[0] == (False, [(PARIS, PARIS + 6, "human")])
    assert state(project, document)[1] == (False, [(YEAR, YEAR + 4, "model")])
    assert "Kept your answers to Q1" in editor.notice.text()


def test_a_question_marked_unanswerable_refuses_a_clicked_answer(qtbot, tmp_path) -> None:
    project, editor, _stack, document = setup(qtbot, tmp_path)
    editor.set_no_answer(True)  # the first open question: Q1
    with qtbot.waitSignal(editor.message) as message:
        click(qtbot, editor.view, PARIS + 1)
    assert "You marked Q1 as having no answer" in message.args[0]
    assert state(project, document)[0] == (True, [])


def test_list_shows_the_answer_snippets(qtbot, tmp_path) -> None:
    project, _editor, _stack, _document = setup(qtbot, tmp_path)
    hub = PredictionCache(project)
    model = DocumentListModel(project.documents)
    model.insert_columns(model.columnCount(), hub.columns())
    model.page_fetchers.append(hub.fetch)
    model.reload()
    assert model.index(0, 4).data() == "Paris | 1889 | ∅ no answer"
    assert model.index(0, 5).data() == "0.64"
