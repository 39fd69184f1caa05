"""The one way to run slow work off the GUI thread.

``run_in_background(op, on_success=...)`` runs ``op(progress)`` in a worker thread. ``op``
never touches widgets: it reports through ``progress.report(done, total)`` and polls
``progress.should_stop()`` (cooperative cancellation). ``on_success``/``on_failure`` and
progress callbacks run on the GUI thread. Jobs run one at a time in submission order, so
database writes are serialised.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.support.messages import CANCELLATIONS
from app.support.thread_starts import start_when_free

Result = TypeVar("Result")  # what the work returns and on_success receives


class Progress:
    """Handed to the worker: thread-safe reporting and a stop flag."""

    def __init__(self, job: BackgroundJob, worker: _Worker) -> None:
        self._job, self._worker = job, worker

    def report(self, done: int, total: int = 0) -> None:
        self._worker.progress.emit(done, total)

    def should_stop(self) -> bool:
        return self._job.is_cancelled()


class _Worker(QThread):
    """Emits from the worker thread; the job (a GUI-thread object) receives queued."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, op: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._op = op
        self._progress: Progress

    def attach(self, progress: Progress) -> None:
        self._progress = progress

    def release(self) -> None:
        """Break the job-worker cycle: a GC pass in another thread must not free Qt objects."""
        del self._op, self._progress

    def run(self) -> None:
        try:
            result = self._op(self._progress)
        except BaseException as error:  # handed to the GUI thread, never swallowed
            self.failed.emit(error)
        else:
            self.done.emit(result)


class BackgroundJob(QObject):
    """One submitted operation. Lives on the GUI thread; its signals arrive there."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, op: Callable[[Progress], Any], title: str = "") -> None:
        super().__init__()
        self.title = title  # what closing the project names when it asks (empty: a short job)
        self._cancel_requested = False
        self.dialog: QObject | None = None  # the progress dialog showing this job, if any
        self._worker = _Worker(op)
        self._worker.attach(Progress(self, self._worker))
        self._worker.progress.connect(self._on_progress)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.finished.connect(self._on_thread_finished)

    def cancel(self) -> None:
        self._cancel_requested = True
        self._worker.requestInterruption()

    def is_cancelled(self) -> bool:
        return self._cancel_requested

    def is_running(self) -> bool:
        return self._worker.isRunning()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._worker.wait(msecs)

    def _start(self) -> None:
        if self._cancel_requested:  # cancelled (closing) while it waited to start: never runs
            _queue.finished(self)
        else:
            self._worker.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self._cancel_requested:
            self.progressed.emit(done, total)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self.succeeded.emit(result)  # finished before it saw the cancel: the work is done

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, CANCELLATIONS):
            self.cancelled.emit()
        else:
            self.failed.emit(error)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._worker.release()
        self.finished.emit()
        _queue.finished(self)


class _JobQueue:
    """Keeps jobs alive until they finish and starts them one after another."""

    def __init__(self) -> None:
        self.pending: deque[BackgroundJob] = deque()
        self.running: BackgroundJob | None = None

    def submit(self, job: BackgroundJob) -> None:
        self.pending.append(job)
        self._next()

    def finished(self, job: BackgroundJob) -> None:
        if self.running is job:
            self.running = None
        self._next()

    def _next(self) -> None:
        if self.running is None and self.pending:
            self.running = self.pending.popleft()
            start_when_free(self.running._start)  # not while a library is mapped

    def titles(self) -> list[str]:
        """What the unfinished long jobs are, e.g. ["Import"] (short jobs have no title)."""
        jobs = [self.running, *self.pending] if self.running is not None else list(self.pending)
        return [job.title for job in jobs if job.title and not job.is_cancelled()]

    def wait_all(self, msecs: int = 30_000) -> None:
        """Cancel queued jobs and wait for the running one (on quit, and in tests)."""
        for job in self.pending:
            job.cancel()
        self.pending.clear()
        if self.running is not None:
            self.running.cancel()
            self.running.wait(msecs)


_queue = _JobQueue()


def run_in_background(
    op: Callable[[Progress], Result],
    on_success: Callable[[Result], object] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    title: str = "",
) -> BackgroundJob:
    """Start ``op`` in the worker; callbacks run on the GUI thread. A ``title`` marks long
    work that closing the project asks about before cancelling it."""
    job = BackgroundJob(op, title)
    for signal, slot in (
        (job.succeeded, on_success),
        (job.failed, on_failure),
        (job.progressed, on_progress),
        (job.cancelled, on_cancelled),
    ):
        if slot is not None:
            signal.connect(slot)
    _queue.submit(job)
    return job


def running_titles() -> list[str]:
    return _queue.titles()


def shutdown(msecs: int = 30_000) -> None:
    _queue.wait_all(msecs)
