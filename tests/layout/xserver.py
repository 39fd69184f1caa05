"""A private X server (Xvfb) with a small window manager (openbox), for checks that need
real windows: real frames, real font rendering, real screen sizes."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

WINDOW_MANAGERS = ("openbox", "xfwm4", "fluxbox", "twm")
START_TIMEOUT_S = 20


def xvfb_available() -> bool:
    return shutil.which("Xvfb") is not None


def window_manager() -> str | None:
    return next((name for name in WINDOW_MANAGERS if shutil.which(name)), None)


@contextmanager
def x_display(width: int, height: int) -> Iterator[str]:
    """Start Xvfb at ``width``×``height`` (it picks a free display number) and a window
    manager on it; yields the DISPLAY value; stops both afterwards."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    manager = None
    try:
        display = ":" + _read_display(read)
        wm = window_manager()
        if wm is not None:
            env = {**os.environ, "DISPLAY": display}
            manager = subprocess.Popen(
                [wm], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _read_display(fd: int) -> str:
    """Xvfb writes its display number, then a newline, once it accepts connections."""
    with os.fdopen(fd, "rb") as pipe:
        number = pipe.readline().decode().strip()
    if not number.isdigit():
        raise RuntimeError("Xvfb did not start (no display number on -displayfd)")
    return number
