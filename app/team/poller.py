"""Others' changes to a team project, every few seconds: the change log is asked what is new
since the last look, off the GUI thread (a PostgreSQL server may be slow to answer), and
``changed`` hands the news to the window."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.support.background import BackgroundJob, run_in_background
from ptcore.store.project import Project
from ptcore.team.changes import ChangeFeed, changes_since, latest_counter

POLL_MS = 2000


class ChangePoller(QObject):
    changed = Signal(object)  # a ChangeFeed with at least one change
    failed = Signal(str)  # the log could not be read (the next poll tries again)

    def __init__(self, project: Project, parent: QObject) -> None:
        super().__init__(parent)
        self.project = project
        self.counter = latest_counter(project.Session)  # what happened before is loaded
        self.timer = QTimer(parent, interval=POLL_MS, timeout=self.poll)  # type: ignore[call-arg]  # stubs lack Qt property keywords
        self.job: BackgroundJob | None = None
        self._reported_failure = False

    def start(self) -> None:
        self.timer.start()

    def poll(self) -> None:
        """Ask once; a poll still waiting (behind an import, say) is not asked again."""
        if self.job is not None:
            return
        session, counter = self.project.Session, self.counter
        self.job = run_in_background(
            lambda _progress: changes_since(session, counter),
            on_success=self._on_feed,
            on_failure=self._on_failure,
        )
        self.job.finished.connect(self._on_finished)

    def _on_finished(self) -> None:
        self.job = None

    def _on_feed(self, feed: ChangeFeed) -> None:
        self._reported_failure = False
        if feed.counter > self.counter:
            self.counter = feed.counter
            self.changed.emit(feed)

    def _on_failure(self, error: BaseException) -> None:
        if not self._reported_failure:  # once, not every two seconds
            self._reported_failure = True
            self.failed.emit(f"Could not look for others' changes: {error}")
