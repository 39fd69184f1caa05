"""Import and export through the GUI actions; a bad file and a cancelled import change nothing."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from app.project import transfer
from app.support import background
from ptcore.store.duplicates import Dedupe
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project
from tests.gui.conftest import focused, open_active, write_jsonl

OK = QDialogButtonBox.StandardButton.Ok


def _import(qtbot, window, path: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(window), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.file.path_edit, str(path))
    qtbot.keyClick(dialog.file.path_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def test_import_adds_documents_and_labels(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    source = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {"text": "Loved it", "label": "positive"},
            {"text": "Meh", "label": "neutral"},
            {"text": "一般般吧"},
        ],
    )
    _import(qtbot, window, source)
    assert window.import_dialog.file.preview.rowCount() == 3
    qtbot.waitUntil(lambda: window.job is None, timeout=5000)
    assert window.panel.model.rowCount() == 33
    assert "neutral" in window.editor.label_buttons
    with Project(sentiment_project) as project:
        assert project.stats()["documents"] == 33
        assert "neutral" in project.labels.names()


def test_the_import_dialog_passes_the_duplicate_policy_chosen(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    source = write_jsonl(tmp_path / "more.jsonl", [{"text": "Loved it", "label": "positive"}])
    qtbot.keyClick(focused(window), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    qtbot.keyClicks(dialog.file.path_edit, str(source))
    qtbot.keyClick(dialog.file.path_edit, Qt.Key.Key_Return)
    assert dialog.request().dedupe == Dedupe.EXACT  # the default: a re-import adds nothing
    for _ in range(2):
        qtbot.keyClick(dialog.dedupe_box, Qt.Key.Key_Down)
    assert dialog.request().dedupe == Dedupe.NONE
    dialog.reject()
    background.shutdown()  # the device check the window started


def test_malformed_file_shows_the_error_and_changes_nothing(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": broken\n', encoding="utf-8")
    qtbot.keyClick(focused(window), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    qtbot.keyClicks(dialog.file.path_edit, str(bad))
    qtbot.keyClick(dialog.file.path_edit, Qt.Key.Key_Return)
    if dialog.buttons.button(OK).isEnabled():  # the first records were fine: fails on import
        with qtbot.waitSignal(shell.bridge.user_error_shown) as blocker:
            qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
        assert "line 2" in blocker.args[0]
        assert isinstance(shell.bridge.last_dialog, QMessageBox)
    else:
        assert "line 2" in dialog.file.problem.text()
    qtbot.waitUntil(lambda: window.job is None, timeout=5000)
    with Project(sentiment_project) as project:
        assert project.stats()["documents"] == 30


def test_export_writes_the_file(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    qtbot.keyClick(focused(window), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    target = tmp_path / "out.jsonl"
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.keyClick(dialog.labeled_only, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.job is None and target.exists(), timeout=5000)
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5 and all(line["label"] == "positive" for line in lines)
    assert not list(tmp_path.glob(".out.partial*"))


def test_cancelling_a_big_import_leaves_the_project_unchanged(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    held, gate = threading.Event(), threading.Event()

    @dataclass
    class HeldImport(ImportOptions):
        """Holds the worker after the first chunk until the person has clicked Cancel."""

        def __post_init__(self) -> None:
            report = self.progress
            self.progress = lambda done: (report(done), held.set(), gate.wait(10))  # type: ignore[misc, assignment]

    monkeypatch.setattr(transfer, "ImportOptions", HeldImport)
    window = open_active(qtbot, shell, sentiment_project)
    big = write_jsonl(tmp_path / "big.jsonl", [{"text": f"document {i}"} for i in range(60_000)])
    _import(qtbot, window, big)
    job = window.job
    assert job is not None
    qtbot.waitUntil(held.is_set, timeout=5000)
    job.dialog.show()
    cancel = job.dialog.findChild(QPushButton)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()
    qtbot.waitUntil(lambda: window.job is None, timeout=5000)
    assert shell.bridge.last_dialog is None
    assert window.panel.model.rowCount() == 30
    with Project(sentiment_project) as project:
        assert project.stats()["documents"] == 30


def test_reopening_finds_everything(
    qtbot,
    shell,
    sentiment_project,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    window.panel.select_row(3)
    document_id = window.panel.current_document()
    qtbot.mouseClick(window.editor.label_buttons["positive"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(focused(window), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert shell.window is None and shell.start is not None
    assert shell.start.recent_list.item(0).text().endswith(str(sentiment_project.resolve()))
    item = shell.start.recent_list.item(0)
    rect = shell.start.recent_list.visualItemRect(item)
    qtbot.mouseClick(
        shell.start.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    qtbot.keyClick(shell.start.recent_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=2000)
    reopened = shell.window
    assert reopened.panel.model.rowCount() == 30
    assert reopened.status.progress.text().startswith("6/30")
    row = reopened.panel.model.row_of(document_id)
    assert reopened.panel.model.index(row, 2).data() == "positive"


def test_the_import_dialog_says_which_reader_it_chose_and_why(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    source = write_jsonl(
        tmp_path / "db-out.jsonl",
        [
            {"text": "Loved it", "label": "positive", "answer": "accept"},
            {"text": "Meh", "label": "positive", "answer": "reject"},
        ],
    )
    qtbot.keyClick(focused(window), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    qtbot.keyClicks(dialog.file.path_edit, str(source))
    qtbot.keyClick(dialog.file.path_edit, Qt.Key.Key_Return)
    reason = 'JSON Lines whose records have "answer"'
    assert dialog.file.problem.text().startswith(f"Format: prodigy ({reason}")
    assert dialog.file.preview.rowCount() == 1  # the rejected answer is not a document
    dialog.reject()
    background.shutdown()  # the device check the window started


def test_import_report_stays_and_can_be_reopened(
    qtbot,
    shell,
    sentiment_project,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, sentiment_project)
    source = write_jsonl(
        tmp_path / "dups.jsonl",
        [
            {"text": "Loved it", "label": "positive"},
            {"text": "Loved it"},
            {"text": "Meh", "label": "neutral"},
        ],
    )
    _import(qtbot, window, source)
    qtbot.waitUntil(lambda: window.job is None, timeout=5000)
    report = window.import_reports.dialog
    assert report is not None and report.isVisible()
    assert "Imported 3 documents" in report.headline.text()
    details = report.details.toPlainText().splitlines()
    assert "labels added: neutral" in details
    qtbot.wait(5000)  # the status bar's message would be gone by now
    assert report.isVisible()
    report.close()
    window.import_reports.action.trigger()  # File ▸ Last import report…
    assert report.isVisible() and "labels added: neutral" in report.details.toPlainText()


def test_qa_import_dialog_states_the_passages_rule(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.project.import_export import ImportDialog

    source = tmp_path / "passages.txt"
    source.write_text("Paris is in France.\n\nRome is in Italy.\n", encoding="utf-8")
    dialog = ImportDialog("qa")
    qtbot.addWidget(dialog)
    dialog.file.set_path(source)
    assert "passages (a .txt file in a QA project: paragraphs separated by blank lines" in (
        dialog.file.problem.text()
    )
    assert dialog.file.preview.rowCount() == 2
