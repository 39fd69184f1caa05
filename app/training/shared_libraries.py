"""Map the engine's big native libraries into the process without holding the GIL.

``import torch`` loads ``torch/_C*.so`` and, through it, libtorch_cpu and friends (hundreds
of MB). Python's import machinery calls ``dlopen`` with the GIL held, so the GUI thread
froze for as long as the dynamic linker worked: 0.1-0.3 s on a quiet machine, seconds
under load (measured in bench/gui_training_heartbeat.py). ``ctypes.CDLL`` holds the GIL too.
A call *through* ctypes to libc's ``dlopen`` releases it: the libraries are mapped and
relocated while the GUI keeps running, and the later import finds them already loaded.
Meanwhile no other thread may map libraries (one at a time, so that no import waits for the
linker holding the GIL) and the GUI thread starts no thread (see app/support/thread_starts.py).
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import sys
import threading

from app.support.thread_starts import mapping_libraries

# (package, file patterns inside it) in the order the engine's imports need them.
NATIVE_LIBRARIES = (
    ("numpy", ("_core/_multiarray_umath*.so",)),
    ("torch", ("lib/libtorch_global_deps.so", "_C*.so")),  # the first is torch's own first
    ("safetensors", ("_safetensors_rust*.so",)),
    ("tokenizers", ("tokenizers*.so",)),
)
_one_at_a_time = threading.Lock()  # waiting for it releases the GIL
_loaded = False


def native_library_paths() -> list[str]:
    """Where the libraries are, found without importing their packages."""
    paths = []
    for package, patterns in NATIVE_LIBRARIES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = os.path.dirname(spec.origin)
        for pattern in patterns:
            paths += sorted(glob.glob(os.path.join(folder, pattern)))
    return paths


def load_shared_libraries() -> list[str]:
    """dlopen each library with the GIL released (Linux and macOS; elsewhere nothing).
    Returns the paths it loaded (none after the first call); a library that fails to load is
    left to the import, which reports the problem properly."""
    global _loaded
    if sys.platform not in ("linux", "darwin"):
        return []
    with _one_at_a_time:  # a second caller waits here, not in a dlopen holding the GIL
        if _loaded:
            return []
        libc = ctypes.CDLL(None)  # the process's own symbols: libc's dlopen is among them
        dlopen = libc.dlopen
        dlopen.restype, dlopen.argtypes = ctypes.c_void_p, (ctypes.c_char_p, ctypes.c_int)
        flags = os.RTLD_NOW | os.RTLD_LOCAL  # relocate now, off the GUI thread's time
        with mapping_libraries():
            paths = [path for path in native_library_paths() if dlopen(path.encode(), flags)]
        _loaded = True
        return paths
