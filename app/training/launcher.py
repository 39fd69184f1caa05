"""A run on several GPUs: ``torchrun`` as a child process, followed like the training worker.

The GUI cannot host the ranks of a distributed run in its own process, so it launches
``python -m torch.distributed.run --standalone --nproc_per_node=N -m ptcore train …`` with
``--json-events`` and a stop file (``ptcore/cli_ranks.py``). Rank 0 writes the run row and
the model as a single-process run does; its events arrive on stdout, one JSON line each, and
go to the same ``TrainingCallbacks`` the in-process worker calls, so the Train panel, the
predictions cache and the closing question work unchanged. Cancel creates the stop file:
every rank stops after the same step and rank 0 keeps its best model.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from ptcore.cli_events import EVAL, FINISHED, MESSAGE, PROGRESS, RUN_STARTED, read_event
from ptcore.cli_ranks import torchrun_command
from ptcore.engine.callbacks import TrainingCallbacks
from ptcore.engine.settings import TrainSettings
from ptcore.errors import UserError

ERROR_PREFIX = "error: "  # how ``ptcore`` says why it stopped (cli.main)
STDERR_KEPT = 50


class DistributedRun(QObject):
    """One run on ``processes`` ranks; the same surface as ``TrainingWorker``."""

    finished = Signal(int, str)  # run id, status
    failed = Signal(object)  # a UserError with the processes' own message
    thread_finished = Signal()  # the processes have ended and every signal was sent

    def __init__(
        self,
        project_path: Path | str,
        task: str,
        settings: TrainSettings,
        callbacks: TrainingCallbacks,
        processes: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)  # a parent keeps it alive until ``_end``'s deleteLater
        self.project_path, self.task, self.settings = project_path, task, settings
        self.callbacks, self.processes = callbacks, processes
        self.force = False
        self._folder = tempfile.TemporaryDirectory(prefix="ptrain-gui-")
        self.stop_file = Path(self._folder.name) / "stop"
        self._ending: tuple[int, str] | None = None
        self._started = False
        self._stderr: list[str] = []
        self._pending = b""
        self.process = QProcess(self)
        self.process.readyReadStandardOutput.connect(self._read_stdout)
        self.process.readyReadStandardError.connect(self._read_stderr)
        self.process.finished.connect(self._on_finished)
        self.process.errorOccurred.connect(self._on_error)

    def command(self) -> list[str]:
        return torchrun_command(
            self.project_path, self.task, self.settings, self.processes, self.stop_file, self.force
        )

    def start(self) -> None:
        self._started = True
        try:
            program, *arguments = self.command()
        except UserError as error:
            self.failed.emit(error)
            self.thread_finished.emit()
            return
        self.process.start(program, arguments)

    def cancel(self) -> None:
        """Every rank stops after its current step (rank 0 keeps the best model)."""
        self.stop_file.touch()

    def stop_requested(self) -> bool:
        return self.stop_file.exists()

    def has_started(self) -> bool:
        return self._started

    def is_running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def wait(self, msecs: int = 60_000) -> bool:
        return not self.is_running() or self.process.waitForFinished(msecs)

    def _read_stdout(self) -> None:
        self._pending += bytes(self.process.readAllStandardOutput().data())
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            self._dispatch(line.decode("utf-8", "replace"))

    def _dispatch(self, line: str) -> None:
        event = read_event(line)
        if event is None:
            return
        kind, payload = event
        if kind == RUN_STARTED:
            self.callbacks.on_run_started(payload)
        elif kind == PROGRESS:
            self.callbacks.on_progress(payload)
        elif kind == EVAL:
            self.callbacks.on_eval(payload)
        elif kind == MESSAGE:
            self.callbacks.on_message(payload)
        elif kind == FINISHED:
            self._ending = payload

    def _read_stderr(self) -> None:
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        self._stderr = (self._stderr + text.splitlines())[-STDERR_KEPT:]

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        self._read_stdout()
        self._read_stderr()
        self._dispatch(self._pending.decode("utf-8", "replace"))
        if self._ending is not None:
            self.finished.emit(*self._ending)
        else:
            self.failed.emit(UserError(self._why(exit_code)))
        self._end()

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.failed.emit(UserError(f"Could not start the training processes: {error.name}"))
            self._end()

    def _why(self, exit_code: int) -> str:
        """The processes' own one-line reason, else their last words."""
        errors = [line for line in self._stderr if line.startswith(ERROR_PREFIX)]
        if errors:
            return errors[0][len(ERROR_PREFIX) :]
        last = next((line for line in reversed(self._stderr) if line.strip()), "")
        return f"The training processes ended with code {exit_code}. {last}".strip()

    def _end(self) -> None:
        self._folder.cleanup()
        self.thread_finished.emit()
        self.deleteLater()  # not now: QProcess may still be inside its ``finished`` emission
