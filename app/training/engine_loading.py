"""Loading the engine (torch, transformers, ptcore.engine) once a process, in its own thread.

The window starts it as soon as its first frame is shown (``start_loading``), so that by the
time a person presses Train the seconds of imports are behind them; whoever needs the engine
off the GUI thread (the training worker, the device check) waits for it (``preload_engine``).
The GUI thread never imports it. How it keeps the GUI thread running while it loads:

- the native libraries are mapped first, without the GIL (``shared_libraries.py``);
- the thread is started from the GUI thread only when no library is being mapped
  (``app/support/thread_starts.py``), and the GUI starts no other thread while it maps;
- the GC's view of the imported objects is frozen afterwards: the heap then holds millions of
  long-lived objects, and every full collection walked them all holding the GIL, 300-500 ms
  with the GUI frozen (accelerate calls ``gc.collect()`` when training starts). The collector
  is also off during the imports, whose allocations would trigger those walks.
"""

from __future__ import annotations

import gc
import threading

from app.training.shared_libraries import load_shared_libraries

_start_lock = threading.Lock()
_loader: threading.Thread | None = None
_loaded = threading.Event()  # set when the loader has finished (or failed)


def start_loading() -> None:
    """Start loading the engine in the background (once a process); returns at once.
    On the GUI thread, call it through ``thread_starts.start_when_free``."""
    global _loader
    with _start_lock:
        if _loader is not None:
            return
        _loader = threading.Thread(target=_load, name="engine-loading", daemon=True)
    _loader.start()


def preload_engine() -> None:
    """Load the engine if it is not yet loaded, and wait for it (never on the GUI thread).
    A failure is left to the caller's own import, which reports it properly."""
    start_loading()
    assert _loader is not None
    _loader.join()  # waiting releases the GIL


def engine_loaded() -> bool:
    return _loaded.is_set()


def _load() -> None:
    load_shared_libraries()  # the slow native part first, with the GIL released
    gc.disable()
    try:
        import ptcore.engine.runner  # noqa: F401
    except Exception:  # torch missing or broken: the caller's import says why
        return
    finally:
        gc.freeze()
        gc.enable()
        _loaded.set()
