"""The Agreement view on small projects two annotators labelled: the numbers it shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.support.messages import MessageBridge
from app.team.agreement_view import AgreementView
from ptcore.store.project import Project
from tests.agreement.team_projects import team_project
from tests.gui.conftest import open_active

# ann/bob on six reviews: agree on 1, 2, 4, 5, 6; 3 is pos/neg. Document 7: ann alone.
ANN = {1: ["pos"], 2: ["pos"], 3: ["pos"], 4: ["neg"], 5: ["neg"], 6: ["neu"], 7: ["pos"]}
BOB = {1: ["pos"], 2: ["pos"], 3: ["neg"], 4: ["neg"], 5: ["neg"], 6: ["neu"]}
# p_o = 5/6; ann pos 3, neg 2, neu 1; bob pos 2, neg 3, neu 1
# p_e = (3*2 + 2*3 + 1*1) / 36 = 13/36; κ = (30/36 - 13/36) / (23/36) = 17/23
KAPPA = 17 / 23


def cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return model.index(row, column).data(Qt.ItemDataRole.DisplayRole)


def open_view(qtbot, path: Path) -> AgreementView:  # type: ignore[no-untyped-def]
    project = Project(path)
    view = AgreementView(project, MessageBridge())
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    qtbot.waitUntil(lambda: view.report is not None, timeout=20_000)
    return view


def test_the_view_shows_overall_per_label_and_per_pair_numbers(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = [f"review {i}" for i in range(1, 8)]
    path = team_project(
        tmp_path / "c.db",
        "classification",
        ["pos", "neg", "neu", "mixed"],
        texts,
        {"ann": ANN, "bob": BOB},
    )
    view = open_view(qtbot, path)
    assert "ann, bob" in view.summary.text()
    assert "6 of 7 annotated documents" in view.summary.text()
    assert f"Cohen's κ <b>{KAPPA:.3f}</b>" in view.overall.text()
    assert "on 6 decisions in 6 documents" in view.overall.text()
    labels = view.labels_model
    assert [cell(labels, r, 0) for r in range(labels.rowCount())] == ["pos", "neg", "neu", "mixed"]
    headers = labels.headers
    assert headers[1] == "Cohen's κ" and headers[-2:] == ["decisions", "documents"]
    assert cell(labels, 2, 1) == "1.000"  # neu: both on document 6 only
    assert cell(labels, 3, 1) == "undefined"  # nobody used "mixed"
    pairs = view.pairs_model
    assert pairs.rowCount() == 1 and cell(pairs, 0, 0) == "ann / bob"
    assert cell(pairs, 0, 1) == f"{KAPPA:.3f}"
    assert [cell(pairs, 0, c) for c in (4, 5)] == ["6", "6"]
    view.project.close()


def test_ner_shows_span_f1(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = {
        "ann": {1: [(0, 4, "PER"), (9, 13, "PER")], 2: [(0, 5, "LOC")]},
        "bob": {1: [(0, 4, "PER"), (9, 14, "PER")], 2: [(0, 5, "LOC")]},
    }
    texts = ["John met Mary there.", "Paris is big."]
    path = team_project(tmp_path / "n.db", "ner", ["PER", "LOC"], texts, work)
    view = open_view(qtbot, path)
    # spans 6; exact matches 2 (John, Paris); overlapping 3 (Mary 9-13 ~ 9-14)
    assert "span F1 (exact) <b>0.667</b>" in view.overall.text()
    assert "span F1 (overlap) <b>1.000</b>" in view.overall.text()
    assert "on 6 spans in 2 documents" in view.overall.text()
    assert cell(view.labels_model, 0, 1) == "0.500"  # PER: 1 exact of 4 spans
    assert cell(view.labels_model, 0, 2) == "1.000"
    view.project.close()


def test_the_project_menu_opens_the_view(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = [f"review {i}" for i in range(1, 8)]
    work = {"ann": ANN, "bob": BOB}
    path = team_project(tmp_path / "c.db", "classification", ["pos", "neg", "neu"], texts, work)
    window = open_active(qtbot, shell, path)
    project_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Project"
    )
    assert window.agreement_action in project_menu.actions()
    window.agreement_action.trigger()
    view = window.agreement_view
    qtbot.waitUntil(lambda: view.report is not None, timeout=60_000)
    assert view.isVisible() and f"<b>{KAPPA:.3f}</b>" in view.overall.text()
    view.close()


def test_a_project_nobody_shared_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = team_project(
        tmp_path / "one.db", "classification", ["pos"], ["a", "b"], {"ann": {1: ["pos"]}}
    )
    view = open_view(qtbot, path)
    assert "no two annotators finished a document in common" in view.summary.text()
    assert "0 of 1 annotated" in view.summary.text()
    assert view.pairs_model.rowCount() == 0 and view.overall.text() == ""
    view.project.close()
