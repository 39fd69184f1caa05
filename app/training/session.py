"""The training session: the one object that starts runs and tells everyone what they do.

The main window makes one and hands it to the Train panel (which shows the run) and to the
predictions cache (which shows the running model's predictions in the document list). Each
engine event arrives here once, as a signal: the engine's callbacks emit them from the
training thread, and Qt queues them to the receivers on the GUI thread.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from app.support.thread_starts import start_when_free
from app.training.engine_loading import start_loading
from app.training.launcher import DistributedRun
from app.training.worker import TrainingWorker
from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.settings import TrainSettings
from ptcore.store.project import Project
from ptcore.store.views import RunStatus


class TrainingSession(QObject):
    """One run at a time: ``start()``, ``cancel()``; the signals say what happens."""

    run_started = Signal(int)  # run id: the run row exists, the model is loading
    progress = Signal(object)  # ProgressInfo
    evaluated = Signal(int, object)  # run id, EvalInfo: its predictions are stored
    message = Signal(str)
    failed = Signal(object)  # the exception; the run (if any) is marked failed
    run_finished = Signal(int, str)  # run id, status: finished, cancelled or failed
    running_changed = Signal(bool)
    pending_predicted = Signal(int)  # run id: the predictions a time limit left are stored

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.worker: TrainingWorker | DistributedRun | None = None
        self.run_id: int | None = None
        self.error: BaseException | None = None  # why the last run failed to run, if it did
        self.threads: int | None = None  # training threads (None: all cores but one)
        self.run_started.connect(self._remember_run)

    def is_running(self) -> bool:
        return self.worker is not None

    def start(self, settings: TrainSettings, force: bool = False, processes: int = 1) -> None:
        """Train in the background; ``force``: past the base model's fit check; with several
        ``processes``, one per GPU in child processes (``launcher.py``)."""
        if self.is_running():
            return
        self.run_id, self.error = None, None
        events = _SessionEvents(self)
        if processes > 1:
            task = self.project.task.value
            where = str(self.project.location)  # a database URL must not pass through Path
            self.worker = DistributedRun(where, task, settings, events, processes, self)
        else:
            self.worker = TrainingWorker(self.project.location, settings, events, self.threads)
        self.worker.force = force
        self.worker.finished.connect(self.run_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.thread_finished.connect(self._on_thread_finished)
        self.running_changed.emit(True)
        start_when_free(partial(self._launch, self.worker))

    def _launch(self, worker: TrainingWorker | DistributedRun) -> None:
        """Start the worker's thread, and the engine's loading if nobody has started it:
        called once no thread maps libraries, when creating a thread cannot freeze the GUI."""
        if worker is self.worker:  # not stopped in the meantime (closing the window)
            worker.start()
            start_loading()  # the worker waits for it, off the GUI thread

    def cancel(self) -> None:
        """Stop after the current step, keeping the best model."""
        if self.worker is not None:
            self.worker.cancel()

    def stop_and_wait(self, msecs: int = 60_000) -> bool:
        """Cancel and block until the worker's thread ends (closing the window)."""
        if self.worker is None:
            return True
        self.worker.cancel()
        if not self.worker.has_started():  # still waiting to start: it never will
            self._on_thread_finished()
            return True
        return self.worker.wait(msecs)

    def _remember_run(self, run_id: int) -> None:
        self.run_id = run_id

    def _on_failed(self, error: BaseException) -> None:
        self.error = error
        self.failed.emit(error)
        if self.run_id is not None:
            self.run_finished.emit(self.run_id, RunStatus.FAILED)

    def _on_thread_finished(self) -> None:
        self.worker = None
        self.running_changed.emit(False)


class _SessionEvents(TrainingCallbacks):
    """The engine's calls, on the training thread, as the session's signals."""

    def __init__(self, session: TrainingSession) -> None:
        self.session = session

    def on_run_started(self, run_id: int) -> None:
        self.session.run_started.emit(run_id)

    def on_progress(self, info: ProgressInfo) -> None:
        self.session.progress.emit(info)

    def on_eval(self, info: EvalInfo) -> None:
        self.session.evaluated.emit(info.run_id, info)

    def on_message(self, message: str) -> None:
        self.session.message.emit(message)

    def should_stop(self) -> bool:
        worker = self.session.worker
        return worker is not None and worker.stop_requested()
