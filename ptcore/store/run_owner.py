"""Which process is training a run, and whether it is still alive.

A run records its owner (process id, host, and the process's start time, which tells a
reused process id apart) in ``runs.settings["owner"]``. A project opened later turns a
"running" run whose owner is gone into "interrupted": killed training no longer stays
"running" forever. A run owned on another host is left alone; its liveness cannot be told.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

OWNER = "owner"
INTERRUPTED_MESSAGE = "The process training it stopped (killed or crashed) before it finished."


def this_process() -> dict[str, Any]:
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "started": process_start(pid)}


def process_start(pid: int) -> str:
    """When ``pid`` started, as the kernel counts it ("" where that cannot be read)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]  # field 22, counted after the command name


def is_alive(owner: Any) -> bool:
    """Whether the recorded owner may still be training (unknown hosts count as alive)."""
    if not isinstance(owner, dict) or not isinstance(owner.get("pid"), int):
        return False
    if owner.get("host") != socket.gethostname() or os.name == "nt":
        return True  # Windows' os.kill would end the process rather than probe it
    pid = owner["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    started = owner.get("started")
    return not started or process_start(pid) in ("", started)
