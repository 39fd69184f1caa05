"""``ptcore train`` as one of several processes: ``torchrun --nproc_per_node=N -m ptcore train``.

Every process parses the same command line and joins the process group
(``engine/distributed.py``). Rank 0, the lead, runs the ordinary ``train`` (project, checks,
progress, the one run row and model folder) and hands the data to the others, which train
quietly beside it. SIGINT and SIGTERM (torchrun passes them on to every process) and the
``--stop-file`` stop every rank after the same step, keeping the lead's best model.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ptcore.cli_console import ConsoleCallbacks
from ptcore.engine.settings import PRESETS, TrainSettings, default_settings
from ptcore.errors import UserError

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def launched_by_torchrun() -> bool:
    """Whether torchrun started this process as one of several (checked before torch loads)."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


class Follower(ConsoleCallbacks):
    """A follower rank prints nothing (the lead reports); it only listens for a stop."""

    def __init__(self, stop_file: Path | None = None) -> None:
        self.stop_requested, self.stop_file = False, stop_file

    def on_progress(self, info: Any) -> None:
        pass

    def on_eval(self, info: Any) -> None:
        pass

    def on_message(self, message: str) -> None:
        pass

    def interrupt(self, signum: int, frame: Any) -> None:
        if self.stop_requested:
            raise KeyboardInterrupt
        self.stop_requested = True


def train_ranks(args: argparse.Namespace, train_lead: Callable[..., int]) -> int:
    """Join the other ranks; the lead runs ``train_lead(args, handoff)``, the others follow."""
    from ptcore.engine.distributed import Handoff, process_group

    with process_group(args.device or "auto") as ranks:
        handoff = Handoff(ranks)
        if ranks.lead:
            try:
                return train_lead(args, handoff)
            except BaseException as error:  # the followers wait for the data: tell them why not
                handoff.refuse(str(error) or type(error).__name__)
                raise
        return _follow(args, handoff)


def _follow(args: argparse.Namespace, handoff: Any) -> int:
    from ptcore.cli_engine import quiet_library
    from ptcore.engine.distributed import LeadRefused
    from ptcore.engine.runner import follow_lead

    quiet_library()
    callbacks = Follower(args.stop_file)
    with stopping_on_signals(callbacks, STOP_SIGNALS):
        try:
            follow_lead(handoff, callbacks)
        except LeadRefused:
            return 1  # rank 0 prints why, once
    return 0


@contextmanager
def stopping_on_signals(
    callbacks: ConsoleCallbacks, signals: tuple[signal.Signals, ...]
) -> Iterator[None]:
    """``callbacks.interrupt`` handles ``signals`` within the block; the old handlers after."""
    previous = {sig: signal.signal(sig, callbacks.interrupt) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def torchrun_command(
    project: Path | str,
    task: str,
    settings: TrainSettings,
    processes: int,
    stop_file: Path,
    force: bool = False,
) -> list[str]:
    """The command that trains ``settings`` on ``processes`` ranks of this machine, with JSON
    events on stdout and ``stop_file`` as its cancel (what the GUI launches)."""
    launcher = [sys.executable, "-m", "torch.distributed.run", "--standalone"]
    return [
        *launcher,
        f"--nproc_per_node={processes}",
        *["-m", "ptcore", "train", str(project), *train_flags(task, settings)],
        *["--json-events", "--stop-file", str(stop_file), *(["--force"] if force else [])],
    ]


def train_flags(task: str, settings: TrainSettings) -> list[str]:
    """``train`` options that rebuild ``settings`` exactly: its preset plus the fields that
    have a flag; ``UserError`` if no preset matches the other fields."""
    values = {
        "epochs": settings.epochs,
        "min_steps": settings.min_steps,
        "prefix_len": settings.prefix_len,
        "learning_rate": settings.learning_rate,
        "head_learning_rate": settings.learning_rate,
        "batch_size": settings.batch_size,
        "max_length": settings.max_length,
        "max_minutes": settings.max_minutes,
        "seed": settings.seed,
        "device": settings.device,
        "train_biases": settings.train_biases,
    }
    preset = next(
        (p for p in PRESETS if default_settings(task, p).replace(**values) == settings), None
    )
    if preset is None:
        raise UserError(
            "These settings cannot be passed to a run of several processes (the learning "
            "rates of prefix and head differ, or a setting without a train option changed)."
        )
    flags = ["--preset", preset, "--lr", repr(settings.learning_rate)]
    for name in ("epochs", "min_steps", "prefix_len", "batch_size", "max_length"):
        flags += [f"--{name.replace('_', '-')}", repr(values[name])]
    flags += ["--max-minutes", repr(settings.max_minutes), "--seed", str(settings.seed)]
    flags += ["--train-biases" if settings.train_biases else "--no-train-biases"]
    return [*flags, "--device", settings.device]
