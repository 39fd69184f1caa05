"""``ptcore train --json-events``: the run's events as JSON lines on stdout, for a program
that watches a training process (the GUI launching a run on several GPUs).

One object per line, ``{"event": KIND, ...}``: ``run_started`` (``run_id``), ``progress``
(the fields of ``ProgressInfo``), ``eval`` (those of ``EvalInfo``), ``message`` (``text``)
and, last, ``finished`` (``run_id``, ``status``). ``read_event`` turns a line back into the
engine's objects; lines that are not events (a library's notice) read as None.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ptcore.cli_console import ConsoleCallbacks
from ptcore.engine.callbacks import EvalInfo, ProgressInfo

RUN_STARTED, PROGRESS, EVAL, MESSAGE, FINISHED = (
    "run_started",
    "progress",
    "eval",
    "message",
    "finished",
)


def event_line(kind: str, **fields: Any) -> str:
    return json.dumps({"event": kind, **fields}, ensure_ascii=False, allow_nan=True)


def write_event(kind: str, **fields: Any) -> None:
    print(event_line(kind, **fields), flush=True)


class JsonEvents(ConsoleCallbacks):
    """Each engine call as one JSON line on stdout; stops like the console does."""

    def on_run_started(self, run_id: int) -> None:
        write_event(RUN_STARTED, run_id=run_id)

    def on_progress(self, info: ProgressInfo) -> None:
        write_event(PROGRESS, **asdict(info))

    def on_eval(self, info: EvalInfo) -> None:
        write_event(EVAL, **asdict(info))

    def on_message(self, message: str) -> None:
        write_event(MESSAGE, text=message)


def read_event(line: str) -> tuple[str, Any] | None:
    """``(kind, payload)`` of one line: a ``ProgressInfo``, an ``EvalInfo``, the message text,
    the run id, or for ``finished`` the pair (run id, status); None for any other line."""
    try:
        event = json.loads(line)
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    kind = event.pop("event", None)
    if kind == PROGRESS:
        return kind, ProgressInfo(**event)
    if kind == EVAL:
        return kind, EvalInfo(**event)
    if kind == MESSAGE:
        return kind, str(event.get("text", ""))
    if kind == RUN_STARTED:
        return kind, int(event["run_id"])
    if kind == FINISHED:
        return kind, (int(event["run_id"]), str(event["status"]))
    return None
