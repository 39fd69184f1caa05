"""Starting threads from the GUI thread only when that cannot freeze it.

While a thread maps a big native library (torch's: a third of a second on a quiet machine,
seconds under load), glibc makes every ``pthread_create`` in the process wait for it: a new
thread's TLS is set up under the dynamic linker's lock. Measured: a ``QThread.start()`` on
the GUI thread froze it until libtorch was mapped. So whoever maps libraries says so with
``mapping_libraries()``, and the GUI thread starts its threads through ``start_when_free``,
which waits for the mapping by polling (the GUI keeps running) instead of blocking in it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

POLL_MS = 20  # how often a waiting start looks again (a mapping takes 0.1-3 s)

_mappings = 0  # threads mapping libraries right now
_count_lock = threading.Lock()


@contextmanager
def mapping_libraries() -> Iterator[None]:
    """Around a ``dlopen`` of big libraries: thread starts from the GUI thread wait for it."""
    global _mappings
    with _count_lock:
        _mappings += 1
    try:
        yield
    finally:
        with _count_lock:
            _mappings -= 1


def mapping() -> bool:
    """Is a thread mapping libraries (so that creating a thread would wait for it)?"""
    return _mappings > 0


def start_when_free(start: Callable[[], object]) -> None:
    """Call ``start`` (which creates a thread) now, or once no library is being mapped.
    Call it on the GUI thread; ``start`` runs there too."""
    if mapping():
        QTimer.singleShot(POLL_MS, lambda: start_when_free(start))
    else:
        start()
