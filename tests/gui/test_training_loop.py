"""The whole loop, as a person does it: label, Train, watch predictions arrive, accept one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ptcore.records import Status
from ptcore.store.documents import DocumentFilter
from tests.gui.conftest import focused, open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 60_000


def _column(window, title: str) -> int:  # type: ignore[no-untyped-def]
    return [column.title for column in window.panel.model.columns].index(title)


def test_label_train_see_predictions_and_accept_a_suggestion(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    project = window.project
    unlabeled = project.documents.ids(DocumentFilter(status=Status.UNLABELED))
    # Label one more document with its key, as a person would.
    window.panel.select_document(unlabeled[0])
    window.editor.advance.setChecked(False)
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    assert project.documents.get(unlabeled[0]).label_names == ("pos",)

    panel = window.training.panel
    use_tiny_settings(panel, epochs=2)
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert finished.args[1] == "finished"
    qtbot.waitUntil(lambda: not panel.is_running())

    # Predictions show in the list and, as a suggestion, in the editor.
    target = unlabeled[1]
    window.panel.select_document(target)
    row = window.panel.model.row_of(target)
    model_column = _column(window, "Model")
    qtbot.waitUntil(lambda: window.panel.model.index(row, model_column).data() in ("pos", "neg"))
    qtbot.waitUntil(lambda: bool(window.editor.suggested))
    suggested = window.editor.suggested[0].label

    # One key accepts it (the keyboard stayed with the editor); stored as model-assisted.
    qtbot.keyClick(focused(window), Qt.Key.Key_A)
    document = project.documents.get(target)
    assert document.label_names == (suggested,)
    assert document.class_labels[0].source == "model"
