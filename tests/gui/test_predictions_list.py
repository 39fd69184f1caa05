"""The main window with a model: prediction columns, model filters, live refresh, and
accepting a suggestion with one key."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from app.window.main_window import MainWindow
from app.window.predictions import WARNING_COLOR
from ptcore.io.registry import read_records
from ptcore.records import Status, Task
from ptcore.store.project import Project
from tests.gui.conftest import focused, open_active, write_jsonl
from tests.gui.prediction_fixtures import label_payload, store_run

MODEL, CONF, MARK = 4, 5, 6  # after Status, Split, Labels, Text


@pytest.fixture
def deleted_windows(qapp):  # type: ignore[no-untyped-def]
    """Delete the closed windows after ``shell`` closed them (request this first), so none
    of their timers fires during a later test."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and not widget.isVisible():
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def confidence_of(index: int) -> float:
    """Documents get confidences 0.99, 0.96, ... in a scrambled order; #7 is the least sure."""
    return 0.2 if index == 7 else 0.5 + (index * 7 % 30) / 60


def predict(path: Path) -> tuple[int, list[int]]:
    """Predictions for every document; the model disagrees on the first labelled one."""
    with Project(path) as project:
        ids = project.documents.ids()
        rows = []
        for index, document_id in enumerate(ids):
            document = project.documents.get(document_id)
            label = "negative" if "awful" in document.text or index == 25 else "positive"
            gold = None if document.status != Status.LABELED else label not in document.label_names
            rows.append(
                (
                    document_id,
                    None,
                    label_payload(label, confidence_of(index)),
                    confidence_of(index),
                    gold,
                )
            )
        return store_run(project, rows), ids


def evaluate_again(path: Path, run: int, document_id: int) -> None:
    """As the engine does after another evaluation: the run now predicts "positive" at 0.51."""
    with Project(path) as project:
        store_run(project, [(document_id, None, label_payload("positive", 0.51), 0.51, None)], run)


def cells(window, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.panel.model.index(row, c).data() for c in (MODEL, CONF, MARK)]


def test_columns_show_prediction_confidence_and_disagreement(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    run, _ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    model = window.panel.model
    assert window.predictions.run_id == run
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (MODEL, CONF, MARK)] == [
        "Model",
        "Conf.",
        "≠",
    ]
    assert cells(window, 0) == ["negative", f"{confidence_of(0):.2f}", ""]
    assert cells(window, 25) == ["negative", f"{confidence_of(25):.2f}", "≠"]
    assert model.index(25, MARK).data(Qt.ItemDataRole.ForegroundRole) == QColor(WARNING_COLOR)
    assert cells(window, 26)[2] == ""  # labelled, and the model agrees
    assert [c.text() for c in _chips(window)] == [f"negative {confidence_of(0):.2f}"]


def test_model_filters_disagreement_low_confidence_and_uncertainty_order(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    _run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    panel = window.panel
    panel.model_box.setFocus()
    qtbot.keyClicks(panel.model_box, "Model dis")
    assert panel.current_filter().disagrees
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [ids[25]]
    assert window.editor.document_id == ids[25]

    qtbot.keyClick(panel.model_box, Qt.Key.Key_Down)  # the next choice: low confidence
    assert panel.threshold.isEnabled()
    panel.threshold.setFocus()
    panel.threshold.selectAll()
    qtbot.keyClicks(panel.threshold, "0.55")
    expected = [i for n, i in enumerate(ids) if confidence_of(n) < 0.55]
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == expected

    panel.model_box.setFocus()
    qtbot.keyClick(panel.model_box, Qt.Key.Key_Down)  # unlabelled, least sure first
    assert panel.status_box.currentData() == Status.UNLABELED
    unlabeled = [(confidence_of(n), i) for n, i in enumerate(ids) if n < 25]
    assert panel.model.rowCount() == 25
    assert panel.model.document_id(0) == min(unlabeled)[1] == ids[7]
    order = [panel.model.document_id(r) for r in range(25)]
    assert order == [i for _c, i in sorted(unlabeled)]


def test_low_confidence_threshold_is_kept_with_the_project(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    _run, ids = predict(sentiment_project)
    panel = open_active(qtbot, shell, sentiment_project).panel
    choose_low_confidence(qtbot, panel)
    panel.threshold.setFocus()
    panel.threshold.selectAll()
    qtbot.keyClicks(panel.threshold, "0.55")
    shell.close_project()

    panel = open_active(qtbot, shell, sentiment_project).panel
    assert panel.threshold.value() == pytest.approx(0.55)
    choose_low_confidence(qtbot, panel)
    expected = [i for n, i in enumerate(ids) if confidence_of(n) < 0.55]
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == expected


def choose_low_confidence(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    panel.model_box.setFocus()
    qtbot.keyClicks(panel.model_box, "Model dis")
    qtbot.keyClick(panel.model_box, Qt.Key.Key_Down)  # the next choice: low confidence
    assert panel.threshold.isEnabled()


def test_refresh_picks_up_new_predictions_and_set_run_switches(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    assert cells(window, 0)[0] == "negative"
    evaluate_again(sentiment_project, run, ids[0])
    with qtbot.waitSignal(window.predictions.changed):
        window.predictions.refresh()
    assert cells(window, 0)[:2] == ["positive", "0.51"]
    assert [c.text() for c in _chips(window)] == ["positive 0.51"]
    window.predictions.set_run(None)
    assert cells(window, 0) == ["", "", ""]
    assert not window.panel.model_box.isEnabled()
    assert not window.editor.model_row.isVisible()


def test_a_new_runs_predictions_repaint_without_reloading_the_list_or_the_editor(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    """Each evaluation of a training run switches the list to its predictions. Re-reading
    the ids, every row and the open document for that froze the window for 0.5 s on a
    1,000-sentence project (bench/gui_training_heartbeat.py --conll 1000); only a filter that
    reads predictions needs it."""
    _run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    panel = window.panel
    panel.select_document(ids[3])
    resets, opened = [], []
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.current_changed.connect(opened.append)
    with Project(sentiment_project) as project:  # a new run's first evaluation
        new_run = store_run(project, [(ids[3], None, label_payload("negative", 0.61), 0.61, None)])
    with qtbot.waitSignal(window.predictions.changed):
        window.predictions.set_run(new_run)
    assert (resets, opened) == ([], [])
    assert panel.model.filter.run_id == new_run
    assert cells(window, 3)[:2] == ["negative", "0.61"]
    assert cells(window, 0) == ["", "", ""]  # the new run has not predicted it yet
    assert window.editor.document_id == ids[3]
    assert [c.text() for c in _chips(window)] == ["negative 0.61"]

    panel.model_box.setFocus()
    qtbot.keyClicks(panel.model_box, "Model dis")  # now the filter reads the predictions
    resets.clear()
    with Project(sentiment_project) as project:
        newer = store_run(project, [(ids[5], None, label_payload("negative", 0.7), 0.7, True)])
    with qtbot.waitSignal(window.predictions.changed):
        window.predictions.set_run(newer)
    assert resets == [1]
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [ids[5]]


def test_new_predictions_are_read_off_the_gui_thread_and_the_old_ones_stay_until_then(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    assert cells(window, 0)[0] == "negative"
    runs = window.project.runs
    readers = []
    read = runs.predictions

    def predictions(*args, **kwargs):  # type: ignore[no-untyped-def]
        readers.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    runs.predictions = predictions
    evaluate_again(sentiment_project, run, ids[0])
    with qtbot.waitSignal(window.predictions.changed):
        window.predictions.refresh()
        assert cells(window, 0)[0] == "negative"  # the previous ones until the new are read
    assert readers == [False]
    assert cells(window, 0)[:2] == ["positive", "0.51"]
    assert readers == [False]  # the repaint read nothing


class PaintedRegions(QObject):
    """The regions of a widget's paint events."""

    def __init__(self, widget) -> None:  # type: ignore[no-untyped-def]
        super().__init__(widget)
        self.regions: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region().boundingRect())  # type: ignore[attr-defined]
        return False


def test_new_predictions_repaint_the_model_columns_and_not_the_text_beside_them(
    qtbot,
    deleted_windows,
    shell,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    """After each evaluation while training the model columns of every row change. For a
    change of a few hundred cells Qt repaints the whole list, text and all: most of a stall.
    Only the model columns repaint, and nothing when they are scrolled out of view."""
    source = write_jsonl(tmp_path / "many.jsonl", [{"text": f"Review {i}"} for i in range(300)])
    path = tmp_path / "many.db"
    with Project.create(path, Task.CLASSIFICATION, ["positive", "negative"]) as project:
        project.import_records(read_records(source, Task.CLASSIFICATION), source)
        ids = project.documents.ids()
        run = store_run(
            project, [(i, None, label_payload("positive", 0.9), 0.9, None) for i in ids]
        )
    window = open_active(qtbot, shell, path)
    view = window.panel.view
    left = view.columnViewportPosition(MODEL)
    model_columns = QRect(
        left, 0, view.columnViewportPosition(MARK) + view.columnWidth(MARK) - left, 10_000
    )
    painted = PaintedRegions(view.viewport())
    evaluate_again(path, run, ids[0])
    with qtbot.waitSignal(window.predictions.changed):
        window.predictions.refresh()
    qtbot.waitUntil(lambda: painted.regions != [])
    assert all(model_columns.contains(region) for region in painted.regions), painted.regions
    assert cells(window, 0)[:2] == ["positive", "0.51"]

    window.splitter.setSizes([350, 2000])  # a narrow list: the model columns out of view
    qtbot.wait(200)
    assert view.columnViewportPosition(MODEL) > view.viewport().width()
    painted.regions.clear()
    window.panel.model.repaint_columns(window.panel._prediction_columns)
    qtbot.wait(100)
    assert painted.regions == []

    window.panel.model.refresh_document(ids[0])  # one document's labels: its whole row
    qtbot.waitUntil(lambda: painted.regions != [])
    assert painted.regions[0].width() == view.viewport().width()


def test_a_cell_paints_what_the_model_gives_for_each_role(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    """The list answers all of a cell's roles in one call (Qt's delegate asks seven, each a
    call into Python): what is painted is what ``data`` gives."""
    predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    model = window.panel.model
    delegate = QStyledItemDelegate()
    for row in range(5):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)
            assert option.text == index.data(), (row, column)  # type: ignore[attr-defined]
            color = index.data(Qt.ItemDataRole.ForegroundRole)
            if color is not None:
                painted = option.palette.color(QPalette.ColorRole.Text)  # type: ignore[attr-defined]
                assert painted == color


def test_a_superseded_read_is_dropped_and_a_failed_one_falls_back_to_reading_on_demand(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    hub = window.predictions
    assert cells(window, 0)[0] == "negative"
    changes: list[int] = []
    hub.changed.connect(lambda: changes.append(1))
    hub.refresh()
    hub.refresh()  # the first reading is superseded before it lands
    qtbot.waitUntil(lambda: changes == [1])
    qtbot.wait(300)
    assert changes == [1]

    evaluate_again(sentiment_project, run, ids[0])
    runs, read = window.project.runs, window.project.runs.predictions
    failures = [OSError("database is locked")]

    def predictions(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop()
        return read(*args, **kwargs)

    runs.predictions = predictions
    with qtbot.waitSignal(hub.changed):
        hub.refresh()
    assert cells(window, 0)[:2] == ["positive", "0.51"]  # read again on demand


def test_a_in_the_window_accepts_and_the_row_shows_the_label(
    qtbot,
    deleted_windows,
    shell,
    sentiment_project: Path,
) -> None:  # type: ignore[no-untyped-def]
    _run, ids = predict(sentiment_project)
    window = open_active(qtbot, shell, sentiment_project)
    assert window.editor.document_id == ids[0]
    qtbot.keyClick(focused(window), Qt.Key.Key_A)
    with Project(sentiment_project) as project:
        assert [(c.label, c.source) for c in project.documents.get(ids[0]).class_labels] == [
            ("negative", "model")
        ]
    assert window.panel.model.index(0, 2).data() == "negative"
    assert window.panel.current_document() == ids[1]  # single-label accepts move on
    assert window.editor.predictions and window.editor.predictions[0].document_id == ids[1]


def _chips(window):  # type: ignore[no-untyped-def]
    layout = window.editor.model_chips
    return [
        layout.itemAt(i).widget()
        for i in range(layout.count())
        if layout.itemAt(i).widget() is not None and layout.itemAt(i).widget().text()[0] != "("
    ]


def test_text_column_keeps_readable_width_beside_model_columns(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.window.document_panel import TEXT_COLUMN, TEXT_MIN_WIDTH
    from tests.gui.conftest import open_active
    from tests.gui.training_fixtures import tiny_project

    window = open_active(qtbot, shell, tiny_project(tmp_path))
    window.splitter.setSizes([300, 900])
    qtbot.waitUntil(lambda: window.panel.view.viewport().width() < 320)
    header = window.panel.view.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(TEXT_COLUMN) >= TEXT_MIN_WIDTH)
    window.splitter.setSizes([900, 300])
    others = lambda: sum(  # noqa: E731
        header.sectionSize(c) for c in range(header.count()) if c != TEXT_COLUMN
    )
    room = lambda: window.panel.view.viewport().width() - others()  # noqa: E731
    qtbot.waitUntil(lambda: room() > TEXT_MIN_WIDTH and header.sectionSize(TEXT_COLUMN) == room())
