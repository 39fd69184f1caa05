"""The engine's native libraries are mapped off the GUI thread without holding the GIL, so
the GUI keeps ticking while they load (a fresh interpreter each: loading is once a process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys, threading, time
from app.training.shared_libraries import load_shared_libraries
ticks, span = [], {}
def load():
    span["start"] = time.perf_counter()
    span["paths"] = load_shared_libraries()
    span["end"] = time.perf_counter()
thread = threading.Thread(target=load)
thread.start()
while thread.is_alive():
    ticks.append(time.perf_counter())
    time.sleep(0.001)
maps = open("/proc/self/maps").read()
inside = [t for t in ticks if span["start"] < t < span["end"]]
print(json.dumps({"paths": span["paths"], "torch_imported": "torch" in sys.modules,
                  "libtorch_mapped": "libtorch_cpu" in maps, "ticks_inside": len(inside),
                  "seconds": span["end"] - span["start"]}))
import torch
print(json.dumps({"tensor": torch.ones(2).sum().item()}))
"""


def test_libraries_load_without_importing_and_without_the_gil() -> None:
    if not sys.platform.startswith("linux"):
        return
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, second = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert any(path.endswith(".so") and "torch" in path for path in first["paths"])
    assert first["libtorch_mapped"] and not first["torch_imported"]
    # Holding the GIL, the main thread could not tick at all while the linker worked.
    assert first["ticks_inside"] >= 3 or first["seconds"] < 0.02, first
    assert second == {"tensor": 2.0}  # torch imports and works on the preloaded libraries
