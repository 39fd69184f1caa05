"""NER: the model's entities as dashed ghosts; A accepts them all, a click accepts one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from app.window.document_list import DocumentListModel
from app.window.predictions import PredictionCache
from ptcore.records import Status
from tests.gui.editor_fixtures import click, make_editor, make_project
from tests.gui.prediction_fixtures import ghosts, show, store_run

TEXT = "Yesterday John Smith flew from Paris to Berlin."
JOHN, PARIS, BERLIN = (10, 20), (31, 36), (40, 46)
PAYLOAD = {"entities": [[*JOHN, "PER", 0.91], [*PARIS, "LOC", 0.55], [*BERLIN, "LOC", 0.8]]}


def stored(project, document_id):  # type: ignore[no-untyped-def]
    entities = project.documents.get(document_id).entities
    return [(e.start, e.end, e.label, e.source) for e in entities]


def setup(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "ner", ["PER", "LOC"], [TEXT, "Nothing here."])
    project.update_info(base_model=str(tmp_path / "no-model"))
    editor, stack, ids = make_editor(qtbot, project)
    run = store_run(project, [(ids[0], None, PAYLOAD, 0.55, None)])
    show(editor, project, run)
    return project, editor, stack, ids, run


def test_predicted_entities_show_as_ghosts_but_not_over_identical_gold(qtbot, tmp_path) -> None:
    _project, editor, _stack, _ids, _run = setup(qtbot, tmp_path)
    assert ghosts(editor) == [(*JOHN, "PER 0.91"), (*PARIS, "LOC 0.55"), (*BERLIN, "LOC 0.80")]
    assert editor.suggestion_count.text() == "Model suggestions: 3"
    editor.view.select_span(*BERLIN)
    qtbot.keyClick(editor, Qt.Key.Key_2)  # the person tags Berlin as the model did
    assert ghosts(editor) == [(*JOHN, "PER 0.91"), (*PARIS, "LOC 0.55")]
    editor.view.grab()  # paints the ghosts without error


def test_a_accepts_all_suggestions_as_model_annotations_and_undo_removes_them(
    qtbot, tmp_path
) -> None:
    project, editor, stack, ids, _run = setup(qtbot, tmp_path)
    with qtbot.waitSignal(editor.annotations_changed):
        qtbot.keyClick(editor, Qt.Key.Key_A)
    assert stored(project, ids[0]) == [
        (*JOHN, "PER", "model"),
        (*PARIS, "LOC", "model"),
        (*BERLIN, "LOC", "model"),
    ]
    assert project.documents.get(ids[0]).status == Status.LABELED
    assert stack.undoText() == "Accept 3 suggestions"
    assert ghosts(editor) == []
    stack.undo()
    assert stored(project, ids[0]) == []
    assert project.documents.get(ids[0]).status == Status.UNLABELED
    assert len(ghosts(editor)) == 3
    stack.redo()
    assert [e[3] for e in stored(project, ids[0])] == ["model"] * 3


def test_clicking_a_ghost_accepts_that_one_suggestion(qtbot, tmp_path) -> None:
    project, editor, stack, ids, _run = setup(qtbot, tmp_path)
    click(qtbot, editor.view, PARIS[0] + 2)
    assert stored(project, ids[0]) == [(*PARIS, "LOC", "model")]
    assert stack.undoText() == "Accept LOC 'Paris'"
    click(qtbot, editor.view, PARIS[0] + 2)  # now gold: selects the entity, adds nothing
    assert editor.selected == project.documents.get(ids[0]).entities[0].id
    assert len(stored(project, ids[0])) == 1


def test_a_suggestion_overlapping_gold_is_refused_with_a_message(qtbot, tmp_path) -> None:
    project, editor, stack, ids, _run = setup(qtbot, tmp_path)
    editor.view.select_span(15, 20)  # "Smith" as LOC: overlaps the model's PER "John Smith"
    editor.apply_label("LOC")
    with qtbot.waitSignal(editor.message) as message:
        click(qtbot, editor.view, JOHN[0] + 1)
    assert "overlaps your LOC 'Smith'" in message.args[0]
    assert stored(project, ids[0]) == [(15, 20, "LOC", "human")]
    qtbot.keyClick(editor, Qt.Key.Key_A)
    assert stored(project, ids[0]) == [
        (15, 20, "LOC", "human"),
        (*PARIS, "LOC", "model"),
        (*BERLIN, "LOC", "model"),
    ]
    assert "Skipped 1 suggestion that overlaps your entities" in editor.notice.text()
    assert "PER 'John Smith'" in editor.notice.text()
    stack.undo()
    assert stored(project, ids[0]) == [(15, 20, "LOC", "human")]


def test_list_shows_entity_types_and_confidence(qtbot, tmp_path, qtmodeltester) -> None:
    project, _editor, _stack, _ids, run = setup(qtbot, tmp_path)
    hub = PredictionCache(project)
    assert hub.run_id == run
    model = DocumentListModel(project.documents)
    model.insert_columns(model.columnCount(), hub.columns())
    model.page_fetchers.append(hub.fetch)
    model.reload()
    assert [model.index(0, c).data() for c in (4, 5, 6)] == ["2 LOC · 1 PER", "0.55", ""]
    assert "LOC [31, 36) 0.55" in model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 4).data() == ""  # no prediction for the second document
    qtmodeltester.check(model, force_py=True)
