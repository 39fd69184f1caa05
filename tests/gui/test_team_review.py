"""Review: annotators' NER versions side by side; accepting one makes it the gold; merging
keeps the majority and the uncontested; a gold changed meanwhile is a conflict that stores
nothing; the merge rules themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.support.settings import AppSettings
from app.team.gold_editor import unit_of
from app.team.merge import ENTITY, LABEL, Rules, Unit, choose, merge
from ptcore.records import DocumentRecord, Question, Status
from ptcore.store.project import Project
from ptcore.store.views import ClassLabel, Document, Entity
from ptcore.team.review import gold_version, needs_review, review_of, save_review
from tests.gui.conftest import open_active
from tests.team.conftest import team_project

TEXT = "Ada met Bob in London on Friday"
ADA, MET, BOB, LONDON, FRIDAY = (0, 3), (4, 7), (8, 11), (15, 21), (25, 31)
ALICE = [(*ADA, "PER"), (*LONDON, "LOC")]
BOB_S = [(*ADA, "ORG"), (*LONDON, "LOC"), (*FRIDAY, "MISC")]


def spans(document: Document) -> set[tuple[int, int, str]]:
    return {(e.start, e.end, e.label) for e in document.entities}


@pytest.fixture
def disputed(tmp_path: Path) -> Path:
    """An NER team project whose one document alice and bob labelled differently."""
    path = team_project(
        tmp_path, "ner", ["PER", "ORG", "LOC", "MISC"], [DocumentRecord(TEXT)], overlap=2
    )
    for name, entities in (("alice", ALICE), ("bob", BOB_S)):
        with Project(path, annotator=name) as project:
            project.documents.get(1)
            for start, end, label in entities:
                project.annotations.add_entity(1, start, end, label)
            project.annotations.set_status(1, Status.LABELED)
    with Project(path, annotator="carol") as project:
        assert needs_review(project) == [1]
        project.update_info(base_model=str(tmp_path / "no-model"))  # no tokenizer to load
    return path


def open_review(qtbot, shell, path: Path):  # type: ignore[no-untyped-def]
    AppSettings().set_annotator_name("carol")
    window = open_active(qtbot, shell, path)
    window.team.review_action.trigger()
    dialog = window.team.review_dialog
    assert dialog is not None and dialog.document_id == 1
    return window, dialog


def gold_of(path: Path) -> Document:
    with Project(path, annotator="carol") as project:
        return project.documents.gold(1)


def test_each_annotators_version_is_shown_side_by_side(qtbot, shell, disputed) -> None:  # type: ignore[no-untyped-def]
    window, dialog = open_review(qtbot, shell, disputed)
    qtbot.waitUntil(lambda: window.team.identity.text() == "Team: as carol · 1 needs review")
    assert window.team.review_action.text() == "&Review… (1 waiting)"
    assert list(dialog.panels) == ["alice", "bob"]
    titles = [dialog.versions_row.widget(i).title() for i in range(dialog.versions_row.count())]
    assert titles == ["alice — done", "bob — done"]
    assert "Needs review" in dialog.state.text()


def test_accepting_one_annotators_version_makes_it_the_gold(qtbot, shell, disputed) -> None:  # type: ignore[no-untyped-def]
    window, dialog = open_review(qtbot, shell, disputed)
    qtbot.mouseClick(dialog.panels["bob"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.team.review_action.text() == "&Review…")
    gold = gold_of(disputed)
    assert spans(gold) == set(BOB_S)
    assert gold.status == Status.LABELED
    with Project(disputed, annotator="carol") as project:
        review = review_of(project, 1)
        assert review is not None and review.decision == "accepted:bob"
        assert review.reviewer == "carol"
        assert needs_review(project) == []


def test_merge_keeps_the_majority_and_the_uncontested_then_saves(qtbot, shell, disputed) -> None:  # type: ignore[no-untyped-def]
    _window, dialog = open_review(qtbot, shell, disputed)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.gold.chosen == {Unit(ENTITY, "LOC", *LONDON), Unit(ENTITY, "MISC", *FRIDAY)}
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert spans(gold_of(disputed)) == {(*LONDON, "LOC"), (*FRIDAY, "MISC")}
    with Project(disputed, annotator="carol") as project:
        assert review_of(project, 1).decision == "merged"  # type: ignore[union-attr]


def test_ticking_an_entity_unticks_what_overlaps_it(qtbot, shell, disputed) -> None:  # type: ignore[no-untyped-def]
    _window, dialog = open_review(qtbot, shell, disputed)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    items = [dialog.gold.list.item(i) for i in range(dialog.gold.list.count())]
    per = next(item for item in items if unit_of(item) == Unit(ENTITY, "PER", *ADA))
    per.setCheckState(Qt.CheckState.Checked)
    org = next(
        i for i in range(dialog.gold.list.count()) if "ORG" in dialog.gold.list.item(i).text()
    )
    dialog.gold.list.item(org).setCheckState(Qt.CheckState.Checked)  # overlaps PER: PER goes
    assert Unit(ENTITY, "ORG", *ADA) in dialog.gold.chosen
    assert Unit(ENTITY, "PER", *ADA) not in dialog.gold.chosen
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert spans(gold_of(disputed)) == {(*ADA, "ORG"), (*LONDON, "LOC"), (*FRIDAY, "MISC")}
    with Project(disputed, annotator="carol") as project:
        assert review_of(project, 1).decision == "edited"  # type: ignore[union-attr]


def test_a_gold_changed_meanwhile_is_shown_and_nothing_is_stored(
    qtbot, shell, disputed, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _window, dialog = open_review(qtbot, shell, disputed)
    with Project(disputed, annotator="dave") as dave:
        version = gold_version(dave, 1)
        gold = dave.documents.gold(1)
        dave_gold = Document(
            1, TEXT, gold.split, "labeled", None, entities=(Entity(0, *BOB, "PER", "human"),)
        )
        save_review(dave, 1, dave_gold, version)
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: shown.append(title + ": " + text)
    )
    qtbot.mouseClick(dialog.panels["alice"], Qt.MouseButton.LeftButton)
    assert shown and shown[0].startswith("Changed by dave")
    assert spans(gold_of(disputed)) == {(*BOB, "PER")}  # dave's, not alice's
    assert "Reviewed by dave" in dialog.state.text()  # reloaded as it now stands


def test_merge_rules_without_a_screen() -> None:
    def doc(*labels: str) -> Document:
        return Document(
            1, "t", "train", "labeled", None, tuple(ClassLabel(0, n, "h") for n in labels)
        )

    single = Rules(single_label=True)
    votes = {"a": doc("pos"), "b": doc("pos"), "c": doc("neg")}
    assert merge(votes, single) == {Unit(LABEL, "pos")}
    assert merge({"a": doc("pos"), "b": doc("neg")}, single) == set()  # a tie: yours to pick
    multi = Rules(single_label=False)
    assert merge({"a": doc("x"), "b": doc("x", "y")}, multi) == {Unit(LABEL, "x"), Unit(LABEL, "y")}
    assert choose({Unit(LABEL, "pos")}, Unit(LABEL, "neg"), single) == {Unit(LABEL, "neg")}


def test_a_qa_merge_keeps_the_answer_both_gave_and_leaves_the_contested(
    qtbot, shell, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    text = "Ada was born in London in 1815."
    record = DocumentRecord(text, questions=[Question("Where?"), Question("When?")])
    path = team_project(tmp_path, "qa", [], [record], overlap=2)
    london, year = (16, 22), (26, 30)
    for name, first in (("alice", london), ("bob", None)):
        with Project(path, annotator=name) as project:
            where, when = project.documents.get(1).questions
            if first is None:
                project.annotations.set_no_answer(where.id, True)
            else:
                project.annotations.add_answer(where.id, *first)
            project.annotations.add_answer(when.id, *year)
    _window, dialog = open_review(qtbot, shell, path)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    where, when = gold_of(path).questions
    assert [(a.start, a.end) for a in when.answers] == [year]
    assert not where.answers and not where.no_answer  # contested: left for the reviewer
