"""First come, first served for this process's writers.

SQLite's busy handler polls with growing sleeps, so a thread that writes back to back (a
training worker storing predictions) can keep winning the lock while another (the GUI thread
saving an edit) sleeps for seconds. Writers of one process therefore queue here, in order,
before they ask SQLite for the lock; SQLite's busy timeout still arbitrates between processes.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path


class WriteQueue:
    """A re-entrant lock handed to waiters in the order they came."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._owner: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        me = threading.get_ident()
        with self._guard:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None and not self._waiting:
                self._owner, self._depth = me, 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()
        with self._guard:
            self._owner, self._depth = me, 1

    def release(self) -> None:
        with self._guard:
            self._depth -= 1
            if self._depth:
                return
            self._owner = None
            if self._waiting:
                self._owner = -1  # reserved for the next in line until it takes over
                self._waiting.popleft().set()


_queues: dict[str, WriteQueue] = {}
_queues_guard = threading.Lock()


def queue_for(path: str | Path) -> WriteQueue:
    """The one queue of a file in this process (the GUI and its training worker each open
    the project, and must wait in the same line)."""
    key = str(Path(path).resolve())
    with _queues_guard:
        return _queues.setdefault(key, WriteQueue())
