import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from ptcore.records import Status
from tests.gui.editor_fixtures import click, double_click, drag, make_editor, make_project
from tests.tiny import make_tokenizer

ENGLISH = "Yesterday John Smith flew from Paris to Berlin."
CHINESE = "昨天张三从北京飞往上海。"
EMOJI = "🎉😀 Party with John Smith 👍🏽 in Paris"


def stored(project, document_id):  # type: ignore[no-untyped-def]
    return [(e.start, e.end, e.label) for e in project.documents.get(document_id).entities]


def ner(qtbot, tmp_path, texts):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "ner", ["PER", "LOC"], texts)
    project.update_info(base_model=str(tmp_path / "no-model"))  # no tokenizer: no flags
    return project, *make_editor(qtbot, project)


def test_drag_mid_word_to_mid_word_stores_whole_words(qtbot, tmp_path) -> None:
    project, editor, stack, ids = ner(qtbot, tmp_path, [ENGLISH])
    start = ENGLISH.index("John") + 1
    drag(qtbot, editor.view, start, ENGLISH.index("Smith") + 3)
    assert editor.view.selection_span() == (10, 20)
    with qtbot.waitSignal(editor.annotations_changed):
        qtbot.keyClick(editor, Qt.Key.Key_1)
    assert stored(project, ids[0]) == [(10, 20, "PER")]
    assert stack.undoText() == "Add PER 'John Smith'"
    assert project.documents.get(ids[0]).status == Status.LABELED


def test_drag_in_chinese(qtbot, tmp_path) -> None:
    project, editor, _stack, ids = ner(qtbot, tmp_path, [CHINESE])
    drag(qtbot, editor.view, CHINESE.index("北"), CHINESE.index("京") + 1)
    editor.apply_label("LOC")
    assert stored(project, ids[0]) == [(5, 7, "LOC")]


def test_drag_after_emoji_converts_utf16_offsets(qtbot, tmp_path) -> None:
    project, editor, _stack, ids = ner(qtbot, tmp_path, [EMOJI])
    start = EMOJI.index("John")
    drag(qtbot, editor.view, start + 2, start + 8)
    qtbot.keyClick(editor, Qt.Key.Key_1)
    paris = EMOJI.index("Paris")
    drag(qtbot, editor.view, paris, paris + 5)
    qtbot.keyClick(editor, Qt.Key.Key_2)
    assert stored(project, ids[0]) == [(start, start + 10, "PER"), (paris, paris + 5, "LOC")]
    assert EMOJI[paris : paris + 5] == "Paris"


def test_double_click_selects_a_word(qtbot, tmp_path) -> None:
    project, editor, _stack, ids = ner(qtbot, tmp_path, [ENGLISH])
    double_click(qtbot, editor.view, ENGLISH.index("Berlin") + 2)
    qtbot.keyClick(editor, Qt.Key.Key_2)
    berlin = ENGLISH.index("Berlin")
    assert stored(project, ids[0]) == [(berlin, berlin + 6, "LOC")]


def test_overlap_is_refused_visibly(qtbot, tmp_path) -> None:
    project, editor, stack, ids = ner(qtbot, tmp_path, [ENGLISH])
    editor.view.select_span(10, 20)
    editor.apply_label("PER")
    drag(qtbot, editor.view, ENGLISH.index("Smith"), ENGLISH.index("flew") + 4)
    with qtbot.waitSignal(editor.message) as message:
        qtbot.keyClick(editor, Qt.Key.Key_2)
    assert "overlaps the PER entity 'John Smith'" in message.args[0]
    assert editor.notice.isVisible() and "overlaps" in editor.notice.text()
    assert stored(project, ids[0]) == [(10, 20, "PER")]
    assert stack.count() == 1


def test_click_entity_then_delete_and_retype(qtbot, tmp_path) -> None:
    project, editor, stack, ids = ner(qtbot, tmp_path, [ENGLISH])
    paris = ENGLISH.index("Paris")
    editor.view.select_span(paris, paris + 5)
    editor.apply_label("PER")
    click(qtbot, editor.view, paris + 1)
    assert editor.selected == project.documents.get(ids[0]).entities[0].id
    qtbot.keyClick(editor, Qt.Key.Key_2)
    assert stored(project, ids[0]) == [(paris, paris + 5, "LOC")]
    assert stack.undoText() == "Change 'Paris' from PER to LOC"
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert stored(project, ids[0]) == []
    stack.undo()  # delete
    assert stored(project, ids[0]) == [(paris, paris + 5, "LOC")]
    stack.undo()  # relabel, on the re-created row
    assert stored(project, ids[0]) == [(paris, paris + 5, "PER")]
    stack.undo()  # add
    assert stored(project, ids[0]) == []
    assert project.documents.get(ids[0]).status == Status.UNLABELED
    for _ in range(3):
        stack.redo()
    assert stored(project, ids[0]) == []
    stack.undo()
    assert stored(project, ids[0]) == [(paris, paris + 5, "LOC")]


def test_undo_after_switching_document(qtbot, tmp_path) -> None:
    project, editor, stack, ids = ner(qtbot, tmp_path, [ENGLISH, CHINESE])
    editor.view.select_span(10, 20)
    editor.apply_label("PER")
    editor.set_document(ids[1])
    with qtbot.waitSignal(editor.annotations_changed) as changed:
        stack.undo()
    assert changed.args == [ids[0]]
    assert stored(project, ids[0]) == []
    stack.redo()
    assert stored(project, ids[0]) == [(10, 20, "PER")]
    assert editor.view.text() == CHINESE


def test_boundary_cutting_a_model_token_is_flagged(qtbot, tmp_path) -> None:
    project = make_project(tmp_path, "ner", ["PER", "LOC"], ["john visited londonx today"])
    make_tokenizer(tmp_path / "tok")
    project.update_info(base_model=str(tmp_path / "tok"))
    editor, _stack, ids = make_editor(qtbot, project)
    qtbot.waitUntil(lambda: editor._tokenizer is not None, timeout=20_000)
    editor._add((13, 19), "LOC")  # "london" of "londonx": the model reads london + ##x
    assert editor.notice.isHidden()
    editor.select_entity(project.documents.get(ids[0]).entities[0].id)
    editor.delete_selected()
    editor._add((13, 16), "LOC")  # "lon" cuts the model token "london"
    assert "cuts through a token" in editor.notice.text()
    assert "⚠" in editor.entity_list.item(0).text()


def test_clicking_a_label_chip_tags_the_selection(qtbot, tmp_path) -> None:
    project, editor, _stack, ids = ner(qtbot, tmp_path, [ENGLISH])
    drag(qtbot, editor.view, ENGLISH.index("Paris"), ENGLISH.index("Paris") + 5)
    chips = [editor.legend.itemAt(i).widget() for i in range(editor.legend.count())]
    loc = next(chip for chip in chips if chip is not None and chip.text().endswith("LOC"))
    qtbot.mouseClick(loc, Qt.MouseButton.LeftButton)
    assert stored(project, ids[0]) == [(31, 36, "LOC")]
