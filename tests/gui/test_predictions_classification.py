"""Classification: the model's label as a hollow chip with its confidence, marked when it
differs from the document's label; A or a click on the chip accepts it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ptcore.records import Status
from tests.gui.editor_fixtures import make_editor, make_project
from tests.gui.prediction_fixtures import label_payload, show, store_run


def chips(editor) -> list[QPushButton]:  # type: ignore[no-untyped-def]
    items = (editor.model_chips.itemAt(i).widget() for i in range(editor.model_chips.count()))
    return [w for w in items if isinstance(w, QPushButton)]


def labels(project, document_id):  # type: ignore[no-untyped-def]
    return [(c.label, c.source) for c in project.documents.get(document_id).class_labels]


def setup(qtbot, tmp_path, task="classification", payload=None):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, task, ["positive", "negative"], ["Great film!", "Meh."])
    editor, stack, ids = make_editor(qtbot, project)
    payload = payload or label_payload("positive", 0.93, "negative")
    run = store_run(project, [(ids[0], None, payload, 0.93, None)])
    show(editor, project, run)
    return project, editor, stack, ids


def test_prediction_chip_shows_label_and_confidence(qtbot, tmp_path) -> None:
    _project, editor, _stack, _ids = setup(qtbot, tmp_path)
    assert editor.model_row.isVisible()
    assert [c.text() for c in chips(editor)] == ["positive 0.93"]
    assert not editor.disagreement.isVisible()


def test_disagreement_is_marked_when_the_label_differs(qtbot, tmp_path) -> None:
    _project, editor, _stack, _ids = setup(qtbot, tmp_path)
    editor.advance.setChecked(False)
    qtbot.keyClick(editor, Qt.Key.Key_2)  # the person says negative
    assert editor.disagreement.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert not editor.disagreement.isVisible()


def test_a_accepts_the_predicted_label_and_moves_on(qtbot, tmp_path) -> None:
    project, editor, stack, ids = setup(qtbot, tmp_path)
    with qtbot.waitSignal(editor.advance_requested):
        qtbot.keyClick(editor, Qt.Key.Key_A)
    assert labels(project, ids[0]) == [("positive", "model")]
    assert project.documents.get(ids[0]).status == Status.LABELED
    assert stack.undoText() == "Accept model label positive"
    stack.undo()
    assert labels(project, ids[0]) == []
    assert project.documents.get(ids[0]).status == Status.UNLABELED


def test_clicking_the_chip_replaces_a_differing_label_and_undo_restores_it(qtbot, tmp_path) -> None:
    project, editor, stack, ids = setup(qtbot, tmp_path)
    editor.advance.setChecked(False)
    editor.apply_label("negative")
    qtbot.mouseClick(chips(editor)[0], Qt.MouseButton.LeftButton)
    assert labels(project, ids[0]) == [("positive", "model")]
    stack.undo()
    assert labels(project, ids[0]) == [("negative", "human")]


def test_multilabel_accept_adds_the_model_labels_to_the_persons(qtbot, tmp_path) -> None:
    payload = {
        "labels": ["positive", "negative"],
        "probabilities": {"positive": 0.9, "negative": 0.7},
    }
    project, editor, stack, ids = setup(qtbot, tmp_path, "multilabel", payload)
    assert [c.text() for c in chips(editor)] == ["positive 0.90", "negative 0.70"]
    editor.apply_label("positive")
    qtbot.keyClick(editor, Qt.Key.Key_A)
    assert sorted(labels(project, ids[0])) == [("negative", "model"), ("positive", "human")]
    stack.undo()
    assert labels(project, ids[0]) == [("positive", "human")]


def test_no_predictions_no_model_row_and_a_says_so(qtbot, tmp_path) -> None:
    _project, editor, _stack, ids = setup(qtbot, tmp_path)
    editor.set_document(ids[1])
    editor.set_predictions([])
    assert not editor.model_row.isVisible()
    with qtbot.waitSignal(editor.message):
        qtbot.keyClick(editor, Qt.Key.Key_A)
