"""The team side of the window: your name reaches the store, Next for me opens the document
assigned to you, another instance's changes show after a poll, and a stale edit is shown as
a conflict that changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.support.settings import AppSettings
from app.team.changes_text import changes_text
from ptcore.db.models import ClassLabelRow
from ptcore.db.team_models import AnnotatorLabelRow
from ptcore.records import DocumentRecord, Status
from ptcore.store.project import Project
from ptcore.team.assignment import next_document_for
from ptcore.team.changes import Change, ChangeFeed
from tests.gui.conftest import focused, open_active
from tests.team.conftest import team_project

CTRL = Qt.KeyboardModifier.ControlModifier
TEXTS = ["a fine film", "a dull film", "a long film", "a short film"]


def sentiment_team(tmp_path: Path, overlap: int = 1) -> Path:
    records = [DocumentRecord(text) for text in TEXTS]
    return team_project(tmp_path, "classification", ["positive", "negative"], records, overlap)


def as_annotator(qtbot, shell, path: Path, name: str):  # type: ignore[no-untyped-def]
    AppSettings().set_annotator_name(name)
    return open_active(qtbot, shell, path)


def annotator_of_labels(project: Project, table) -> list[str]:  # type: ignore[no-untyped-def]
    with project.Session() as session:
        return list(session.scalars(select(table.annotator)))


def test_the_name_setting_is_who_annotations_are_by(qtbot, shell, sentiment_project) -> None:  # type: ignore[no-untyped-def]
    window = as_annotator(qtbot, shell, sentiment_project, "ada")
    assert window.project.annotator == "ada"
    assert "as ada" not in window.windowTitle()  # one person's project: no team shown
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    assert "ada" in annotator_of_labels(window.project, ClassLabelRow)


def test_in_a_team_project_the_title_names_you_and_your_work_is_yours(
    qtbot, shell, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = as_annotator(qtbot, shell, sentiment_team(tmp_path), "ada")
    assert "as ada" in window.windowTitle()
    assert window.team.identity.text() == "Team: as ada"
    window.team.next_action.trigger()
    qtbot.keyClick(focused(window), Qt.Key.Key_1)
    assert annotator_of_labels(window.project, AnnotatorLabelRow) == ["ada"]


def test_next_for_me_opens_the_document_assigned_to_me(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sentiment_team(tmp_path, overlap=1)
    with Project(path, annotator="bob") as bob:
        taken = next_document_for(bob)  # bob holds the first document: one annotator each
        assert taken is not None
    window = as_annotator(qtbot, shell, path, "ada")
    window.panel.view.setFocus()  # the key works with the focus in the list
    qtbot.keyClick(focused(window), Qt.Key.Key_M, CTRL)
    first = window.editor.document_id
    assert first is not None and first != taken.id
    qtbot.keyClick(focused(window), Qt.Key.Key_2)  # labelled and on to my next one
    assert window.editor.document_id not in (first, taken.id)
    row = window.panel.model.row_of(first)
    assert window.panel.model.summary(row).status == Status.LABELED  # my status in the list
    bob_row = window.panel.model.row_of(taken.id)
    assert window.panel.model.summary(bob_row).status == Status.UNLABELED  # not mine


def test_the_done_action_finishes_my_version(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = as_annotator(qtbot, shell, sentiment_team(tmp_path), "ada")
    window.team.next_action.trigger()
    document_id = window.editor.document_id
    window.editor.apply_label("positive")  # advances; come back
    window.panel.open_document(document_id)
    window.team.done_action.trigger()
    assert window.project.documents.get(document_id).status == Status.LABELED


def test_another_annotators_change_shows_after_the_poll(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sentiment_team(tmp_path, overlap=2)
    window = as_annotator(qtbot, shell, path, "ada")
    window.team.next_action.trigger()
    document_id = window.editor.document_id
    with Project(path, annotator="bob") as bob:
        bob.annotations.set_class_labels(document_id, ["negative"])
    qtbot.waitUntil(
        lambda: f"bob changed document {document_id}" in window.status.currentMessage(),
        timeout=6000,
    )


def test_my_other_windows_change_reloads_the_open_document(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sentiment_team(tmp_path)
    window = as_annotator(qtbot, shell, path, "ada")
    window.team.next_action.trigger()
    document_id = window.editor.document_id
    with Project(path, annotator="ada") as elsewhere:
        elsewhere.documents.get(document_id)
        elsewhere.annotations.set_class_labels(document_id, ["negative"])
    qtbot.waitUntil(lambda: window.editor.document.label_names == ("negative",), timeout=6000)
    assert "another window of yours" in window.status.currentMessage()


def test_a_stale_edit_shows_the_conflict_and_changes_nothing(qtbot, shell, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = sentiment_team(tmp_path)
    window = as_annotator(qtbot, shell, path, "ada")
    window.team.poller.timer.stop()  # the edit comes before the next poll
    window.team.next_action.trigger()
    document_id = window.editor.document_id
    with Project(path, annotator="ada") as elsewhere:
        elsewhere.documents.get(document_id)
        elsewhere.annotations.set_class_labels(document_id, ["negative"])
    window.panel.view.setFocus()
    qtbot.keyClick(focused(window), Qt.Key.Key_1)  # "positive", on the stale version
    assert window.editor.document_id == document_id  # it stays, reloaded
    assert window.editor.document.label_names == ("negative",)
    assert "was changed by ada" in window.editor.notice.text()
    with Project(path, annotator="ada") as check:
        assert check.documents.get(document_id).label_names == ("negative",)


def test_the_status_bar_names_who_changed_what_and_leaves_out_mine() -> None:
    def change(counter: int, document_id: int, by: str) -> Change:
        return Change(counter, document_id, f"annotator:{by}", by, "2026-01-01T00:00:00")

    feed = ChangeFeed(
        9,
        tuple(
            change(i, d, b)
            for i, (d, b) in enumerate(
                [
                    (12, "bob"),
                    (12, "bob"),
                    (3, "ada"),
                    (14, "bob"),
                    (15, "bob"),
                    (16, "bob"),
                    (2, "cy"),
                ]
            )
        ),
    )
    assert changes_text(feed, "ada") == (
        "bob changed documents 12, 14, 15 and 1 more; cy changed document 2"
    )
    assert changes_text(ChangeFeed(1, (change(1, 3, "ada"),)), "ada", reloaded=3) == (
        "document 3 was changed in another window of yours: reloaded"
    )
