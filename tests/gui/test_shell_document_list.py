"""The document list: a valid lazy model, filters, search, keyboard navigation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.window.document_list import DocumentListModel
from ptcore.records import Status
from ptcore.store.project import Project
from tests.gui.conftest import focused, open_active


def test_model_passes_qtmodeltester(
    qtmodeltester,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    with Project(sentiment_project) as project:
        model = DocumentListModel(project.documents)
        model.reload()
        assert model.rowCount() == 30
        qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_lazily(
    sentiment_project: Path,
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    import app.window.document_list as document_list

    monkeypatch.setattr(document_list, "PAGE_SIZE", 10)
    with Project(sentiment_project) as project:
        model = DocumentListModel(project.documents)
        model.reload()
        assert model._cache == {}
        model.data(model.index(12, 3))
        assert len(model._cache) == 10


def test_filter_by_status_and_label(
    qtbot,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    panel = window.panel
    assert panel.model.rowCount() == 30
    panel.status_box.setFocus()
    qtbot.keyClicks(panel.status_box, "labeled")
    assert panel.current_filter().status == Status.LABELED
    assert panel.model.rowCount() == 5
    panel.status_box.setCurrentIndex(0)
    panel.label_box.setCurrentIndex(panel.label_box.findData("positive"))
    assert panel.model.rowCount() == 5
    panel.label_box.setCurrentIndex(panel.label_box.findData("negative"))
    assert panel.model.rowCount() == 0


def test_search_box_filters_after_typing(
    qtbot,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    qtbot.keyClick(focused(window), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.search.hasFocus()
    window.panel.search.insert("电影很好看")  # as an input method commits it (QTest types ASCII)
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 5, timeout=2000)
    window.panel.search.clear()
    qtbot.keyClicks(window.panel.search, "awful")
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Return)
    assert window.panel.model.rowCount() == 13


def test_keyboard_moves_between_documents(
    qtbot,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    first = window.panel.current_document()
    with qtbot.waitSignal(window.panel.current_changed):
        qtbot.keyClick(focused(window), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    second = window.panel.current_document()
    assert second is not None and second != first
    assert window.editor.document.id == second
    qtbot.keyClick(focused(window), Qt.Key.Key_PageUp)
    assert window.panel.current_document() == first


def test_label_bar_click_labels_and_refreshes_row(
    qtbot,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    document_id = window.panel.current_document()
    qtbot.mouseClick(window.editor.label_buttons["negative"], Qt.MouseButton.LeftButton)
    with Project(sentiment_project) as project:
        assert project.documents.get(document_id).label_names == ("negative",)
    row = window.panel.model.row_of(document_id)
    assert window.panel.model.index(row, 2).data() == "negative"
    qtbot.waitUntil(lambda: window.status.progress.text().startswith("6/30"), timeout=2000)
    assert "Undo" in window.undo_action.text()


def test_qa_labels_column_shows_answered_of_all_questions(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ptcore.records import Answer, DocumentRecord, Question

    text = "Paris is the capital of France."
    with Project.create(tmp_path / "qa.db", "qa", []) as project:
        project.import_records(
            [
                DocumentRecord(
                    text,
                    questions=[
                        Question("Capital?", answers=[Answer(0, 5)]),
                        Question("King?", no_answer=True),
                        Question("Size?"),
                    ],
                ),
                DocumentRecord("No questions here."),
            ],
            Path("seed"),
        )
        model = DocumentListModel(project.documents)
        model.reload()
        assert model.headerData(2, Qt.Orientation.Horizontal) == "Labels"
        assert [model.index(row, 2).data() for row in (0, 1)] == ["2/3 answered", ""]


def test_filtered_list_keeps_the_document_you_labelled_until_you_move_on(
    qtbot,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    panel = window.panel
    panel.status_box.setCurrentIndex(panel.status_box.findData(Status.UNLABELED.value))
    assert panel.model.rowCount() == 25
    first = window.editor.document_id
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # labelled; the editor moves on
    second = window.editor.document_id
    assert second != first
    panel.reload()  # what an import, a label change or a training evaluation does
    panel._filter_now(panel.current_filter())
    assert panel.model.row_of(first) == 0 and window.editor.document_id == second
    qtbot.keyClick(focused(window), Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == first
    panel.status_box.setCurrentIndex(0)  # the user changes the filter: now exactly it
    panel.status_box.setCurrentIndex(panel.status_box.findData(Status.UNLABELED.value))
    assert panel.model.row_of(first) is None and panel.model.rowCount() == 24


def test_with_kept_puts_documents_back_where_they_were() -> None:
    from app.window.document_list import with_kept

    assert with_kept([1, 4, 5], [1, 2, 3, 4, 5], {2, 3}) == [1, 2, 3, 4, 5]
    assert with_kept([4, 5], [2, 4, 5], {2}) == [2, 4, 5]
    assert with_kept([4, 5], [2, 4, 5], set()) == [4, 5]
