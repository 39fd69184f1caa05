"""On Linux without Qt's xcb libraries the app names the packages instead of aborting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.support.platform_check import check_platform, uses_xcb

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys
import app.support.platform_check as check
check.can_load = lambda library: "cursor" not in library  # as on a bare Ubuntu image
import app.main
sys.exit(app.main.main(["ptstudio"]))
"""


def test_missing_xcb_cursor_names_the_package_and_exits() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "sudo apt-get install libxcb-cursor0\n" in result.stderr
    assert "Could not load the Qt platform plugin" not in result.stderr
    assert "Fatal" not in result.stderr and "Aborted" not in result.stderr


def test_only_when_qt_would_use_xcb() -> None:
    missing = lambda library: False  # noqa: E731
    assert check_platform(missing, {"QT_QPA_PLATFORM": "offscreen"}) is None
    assert uses_xcb({}, "linux") and not uses_xcb({}, "darwin")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    message = check_platform(missing, {"QT_QPA_PLATFORM": "xcb"}) or ""
    assert "libxcb-cursor0" in message and "libxkbcommon-x11-0" in message
