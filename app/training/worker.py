"""The training worker: runs ``train_project`` in its own QThread and speaks in signals.

Training is long, so it gets its own thread instead of the one-at-a-time background queue
(which would be blocked for minutes). The worker never touches widgets: the
``TrainingCallbacks`` it is given (the training session's) turn each engine call into a
queued signal, and cancelling sets a flag the engine polls after every step (it stops
cleanly, keeping the best model). The worker opens its own ``Project`` so no database
object crosses threads.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.training.engine_loading import preload_engine
from ptcore.db.location import Location
from ptcore.engine.callbacks import TrainingCallbacks
from ptcore.engine.preflight import check_training
from ptcore.engine.settings import TrainSettings
from ptcore.store.project import Project

SPARE_CORES = 1  # left to the GUI thread so it never waits for a core (see the heartbeat bench)


def training_threads(cores: int | None = None) -> int:
    """Intra-op threads for training: every core but one for the GUI, at least one."""
    return max(1, (cores or os.cpu_count() or 1) - SPARE_CORES)


class TrainingWorker(QObject):
    """One training run in its own thread. Create, connect, ``start()``; ``cancel()`` any time."""

    finished = Signal(int, str)  # run id, status: finished, cancelled or failed
    failed = Signal(object)  # the exception; the run (if any) is already marked failed

    def __init__(
        self,
        project: Location | Path,
        settings: TrainSettings,
        callbacks: TrainingCallbacks,
        threads: int | None = None,
    ) -> None:
        super().__init__()
        self.location, self.settings = Location.of(project), settings
        self.callbacks = callbacks  # the engine's events: called on the training thread
        self.threads = threads if threads is not None else training_threads()
        self.force = False  # True: "Train anyway", past the fit check
        self._stop = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("training")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask training to stop after the current step (safe from any thread)."""
        self._stop.set()
        self._thread.requestInterruption()

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def has_started(self) -> bool:
        return self._thread.isRunning() or self._thread.isFinished()

    def wait(self, msecs: int = 60_000) -> bool:
        return self._thread.wait(msecs)

    @property
    def thread_finished(self) -> Any:
        """The QThread's own ``finished``: the thread is done, the worker may be dropped."""
        return self._thread.finished

    @Slot()
    def _run(self) -> None:
        try:
            run_id, status = self._train()
        except BaseException as error:  # handed to the GUI thread, never swallowed
            self.failed.emit(error)
        else:
            self.finished.emit(run_id, status)
        finally:
            self._thread.quit()

    def _train(self) -> tuple[int, str]:
        minutes = self.settings.max_minutes  # the limit counts from the click, loading included
        deadline = time.monotonic() + minutes * 60 if minutes else 0.0
        with Project(self.location) as project:
            check_training(project, self.settings.seed)  # says why it cannot start, quickly
            preload_engine()  # before anything imports torch (the fit check does)
            if not self.force:
                from ptcore.engine.fit_guard import ensure_model_reads

                ensure_model_reads(project)  # tokenizer only, before the weights load

            import torch

            from ptcore.engine.runner import train_project

            previous = torch.get_num_threads()
            torch.set_num_threads(self.threads)  # process-wide: put back afterwards
            try:
                run_id = train_project(project, self.settings, self.callbacks, deadline=deadline)
            finally:
                torch.set_num_threads(previous)
            return run_id, project.runs.get(run_id).status


def describe_device(name: str = "auto", processes: int = 1) -> str:
    """What training will run on, e.g. "NVIDIA H100 (79.6 GB)", "4 × NVIDIA H100 (79.6 GB)"
    or "CPU (2 threads)".

    Waits for the engine to load (it starts loading it if nobody has).
    """
    preload_engine()
    from ptcore.engine.backbone import resolve_device

    device = resolve_device(name)
    if device.type == "cuda":
        import torch

        properties = torch.cuda.get_device_properties(device)
        each = f"{torch.cuda.get_device_name(device)} ({properties.total_memory / 1e9:.1f} GB)"
        return f"{processes} × {each}" if processes > 1 else each
    if device.type == "mps":
        return "Apple GPU (MPS)"
    threads = training_threads()
    return f"CPU ({threads} thread{'s' if threads > 1 else ''})"


def visible_gpus() -> int:
    """CUDA GPUs this process can use (after ``preload_engine``, off the GUI thread)."""
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0
