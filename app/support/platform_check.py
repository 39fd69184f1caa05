"""Before Qt starts on Linux: are the system libraries of Qt's X11 (xcb) plugin there?

Without them Qt prints "Could not load the Qt platform plugin "xcb"" and aborts, which
tells a person nothing about what to install. Most often ``libxcb-cursor0`` is missing
(Qt 6.5+ needs it; minimal Debian/Ubuntu images lack it). This finds the missing ones and
names their Debian/Ubuntu packages.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

# The libraries Qt's xcb plugin loads beyond the X client library, with their packages.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def can_load(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def uses_xcb(
    environ: dict[str, str] | os._Environ[str] = os.environ, platform: str = sys.platform
) -> bool:
    """Whether Qt will pick its X11 plugin: Linux, and no other platform asked for."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux"):
        return False
    if chosen:
        return chosen.startswith("xcb")
    return not environ.get("WAYLAND_DISPLAY")


def missing_packages(load: Callable[[str], bool] | None = None) -> list[str]:
    load = load or can_load
    return [package for library, package in XCB_LIBRARIES.items() if not load(library)]


def problem(missing: list[str]) -> str:
    return (
        "P-Tuning Studio cannot open its window: Qt's X11 platform plugin (xcb) needs "
        f"system libraries that are missing ({', '.join(missing)}). On Debian or Ubuntu:\n\n"
        f"    sudo apt-get install {' '.join(missing)}\n\n"
        "Without a screen, the command line works: python -m ptcore --help"
    )


def check_platform(
    load: Callable[[str], bool] | None = None,
    environ: dict[str, str] | os._Environ[str] = os.environ,
) -> str | None:
    """The message to print instead of starting Qt, or None if nothing is missing."""
    if not uses_xcb(environ):
        return None
    missing = missing_packages(load)
    return problem(missing) if missing else None
