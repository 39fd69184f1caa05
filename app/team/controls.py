"""The team side of the project window: "as NAME" in the title and status bar, Next for me,
Done, Review, others' changes as they happen, and a conflicting edit shown, never lost.

Kept here so ``main_window.py`` needs one line to create it (and one to extend Project
settings). A single-person project gets only the Team section of Project settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QToolBar

from app.support.background import run_in_background
from app.team.changes_text import changes_text
from app.team.poller import ChangePoller
from app.team.review_dialog import ReviewDialog
from app.team.team_box import TeamBox
from ptcore.errors import ConflictError, UserError
from ptcore.team.assignment import next_document_for
from ptcore.team.changes import ChangeFeed
from ptcore.team.review import needs_review

if TYPE_CHECKING:
    from app.window.main_window import MainWindow

NEXT_FOR_ME_KEY = "Ctrl+M"  # M for me; a Ctrl key, so it works wherever the focus is
REVIEW_KEY = "Ctrl+R"


class TeamControls(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.project = window, window.project
        self.review_dialog: ReviewDialog | None = None
        self._held = False  # a conflict was just shown: the editor's advance waits
        if self.project.team is None:
            return
        self.poller = ChangePoller(self.project, self)
        self._show_identity()
        self._actions()
        self._connect()
        self.poller.start()
        self.count_waiting()

    def _show_identity(self) -> None:
        name, team = self.project.annotator, self.project.team
        assert team is not None
        self.window.setWindowTitle(
            self.window.windowTitle().replace(
                " — P-Tuning Studio", f" — as {name} — P-Tuning Studio"
            )
        )
        rule = "majority" if team.gold_annotator is None else f"{team.gold_annotator}'s work"
        self.identity = QLabel(f"Team: as {name}", objectName="teamIdentity")  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.identity.setToolTip(
            f"You annotate as {name} (Project settings to change). Each document goes to "
            f"{team.overlap} annotator{'s' if team.overlap != 1 else ''}; gold: {rule}."
        )
        self.window.status.insertPermanentWidget(0, self.identity)

    def _action(self, text: str, slot: Any, tip: str, keys: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            tip = f"{tip} ({keys})"
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _actions(self) -> None:
        a = self._action
        self.next_action = a(
            "Next for &me",
            self.next_for_me,
            "Open the next document assigned to you",
            NEXT_FOR_ME_KEY,
        )
        self.done_action = a(
            "&Done", self.window.editor.confirm, "Mark your version finished and go on (Enter)"
        )
        self.review_action = a(
            "&Review…",
            self.show_review,
            "Compare annotators' versions and decide the gold",
            REVIEW_KEY,
        )
        menu = self.window.menuBar().addMenu("&Team")
        menu.addActions([self.next_action, self.done_action, self.review_action])
        toolbar = self.window.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.next_action)  # Done is the editor's; Review, the menu's

    def _connect(self) -> None:
        editor = self.window.editor
        editor.advance_requested.disconnect(self.window.panel.go_next)
        editor.advance_requested.connect(self._advance)  # Enter, S: on to your next one
        editor.annotations.conflicted.connect(self.on_conflict)
        self.poller.changed.connect(self.on_changes)
        self.poller.failed.connect(self.window.status.notify)

    # Assignment ----------------------------------------------------------------------
    def _advance(self) -> None:
        if self._held:  # stay on the reloaded document, so its new state is seen
            self._held = False
            return
        self.next_for_me()

    def next_for_me(self) -> None:
        try:
            document = next_document_for(self.project)
        except UserError as error:
            self.window.bridge.report(error, self.window)
            return
        if document is None:
            self.window.status.notify(
                "Nothing left for you: every document has its annotators, or you did it."
            )
            return
        self.window.panel.open_document(document.id)
        self.window.panel.model.refresh_document(document.id)
        self.window.editor.setFocus()

    # Others' changes -----------------------------------------------------------------
    def on_changes(self, feed: ChangeFeed) -> None:
        """Repaint the rows others changed, reload the open document if its content moved
        (your other window), and say who changed what."""
        for document_id in feed.document_ids:
            self.window.panel.model.refresh_document(document_id)
        self.window._stats_timer.start()
        editor = self.window.editor
        moved = editor.document_id in feed.document_ids and self._reload_if_moved()
        text = changes_text(feed, self.project.annotator, editor.document_id if moved else None)
        if text:
            self.window.status.notify(text)
        self.count_waiting()

    def _reload_if_moved(self) -> bool:
        editor = self.window.editor
        document_id = editor.document_id
        assert document_id is not None
        if self.project.documents.get(document_id) == editor.document:
            return False
        editor.set_document(document_id)
        return True

    def on_conflict(self, error: ConflictError) -> None:
        """Your edit was refused: show the document as it now stands (the message follows)
        and stay on it, even if the editor would move on."""
        self._held = True
        QTimer.singleShot(0, lambda: setattr(self, "_held", False))
        self.window.panel.model.refresh_document(error.document_id)
        if error.document_id == self.window.editor.document_id:
            self.window.editor.set_document(error.document_id)

    # Review --------------------------------------------------------------------------
    def show_review(self) -> None:
        waiting = needs_review(self.project)
        self.review_dialog = ReviewDialog(
            self.project, self.window.bridge, waiting, self.window.editor.document_id, self.window
        )
        self.review_dialog.reviewed.connect(self._after_review)
        self.review_dialog.open()

    def _after_review(self, document_id: int) -> None:
        self.window.panel.model.refresh_document(document_id)
        self.window._stats_timer.start()
        self.count_waiting()

    def count_waiting(self) -> None:
        """How many documents need review, in the status bar and the Review action (counted
        off the GUI thread: it reads every document's state)."""
        project = self.project
        run_in_background(lambda _progress: len(needs_review(project)), self._show_waiting)

    def _show_waiting(self, count: int) -> None:
        waiting = f" · {count} need{'s' if count == 1 else ''} review" if count else ""
        self.identity.setText(f"Team: as {self.project.annotator}{waiting}")
        self.review_action.setText(f"&Review… ({count} waiting)" if count else "&Review…")

    # Project settings ----------------------------------------------------------------
    def extend_settings(self, dialog: QDialog) -> None:
        """The Team section of Project settings: your name, team rules."""
        box = TeamBox(self.project, self.window.settings, self.window.bridge, dialog)
        layout = dialog.layout()
        assert layout is not None
        layout.addWidget(box)
        box.reopen_needed.connect(lambda: self._reopen(dialog))

    def _reopen(self, dialog: QDialog) -> None:
        dialog.close()
        QTimer.singleShot(0, self.window.reopen_requested.emit)
