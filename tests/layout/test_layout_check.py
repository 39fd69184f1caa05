"""Every main screen fits the screen and clips nothing, at three screen sizes, for each task
with 4, 13 and 30 labels, in a real X server (Xvfb + a window manager).

One subprocess per screen size, all three at once, each on its own Xvfb, opens every screen
(see screens.py). Screenshots go to $PTS_LAYOUT_SHOTS if set (look at them), else to
pytest's temporary folder. Without Xvfb the test is skipped, except in CI (CI=true), where it
fails: CI must install it (.ci/run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from ptcore.records import Task
from tests.layout import samples
from tests.layout.xserver import x_display, xvfb_available

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1024, 700), (1366, 768), (2560, 1440))
SCREENS_PER_SIZE = 55
RUN_TIMEOUT_S = 600


def _require_xvfb() -> None:
    if not xvfb_available():
        message = "Xvfb is not installed (apt-get install xvfb openbox libxcb-cursor0)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the three screen sizes side by side; their reports by size ("1024x700")."""
    _require_xvfb()
    base = tmp_path_factory.mktemp("layout")
    projects = base / "projects"
    projects.mkdir()
    for task in Task:  # built once, before the three processes read them
        for count in (0,) if task is Task.QA else (4, 13, 30):
            samples.build(projects, task, count)
    shots = Path(os.environ.get("PTS_LAYOUT_SHOTS") or base / "shots")
    with ExitStack() as stack:
        running = {}
        for width, height in SIZES:
            size = f"{width}x{height}"
            display = stack.enter_context(x_display(width, height))
            env = {
                **os.environ,
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "XDG_CONFIG_HOME": str(base / f"config-{size}"),
            }
            running[size] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.layout.screens",
                    "--projects",
                    str(projects),
                    "--out",
                    str(shots / size),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        return {size: _report(process) for size, process in running.items()}


def _report(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=RUN_TIMEOUT_S)
    lines = out.strip().splitlines()
    if process.returncode != 0 or not lines:
        return {"error": f"exit status {process.returncode}\n{err[-4000:]}"}
    return dict(json.loads(lines[-1]))


@pytest.mark.parametrize("size", [f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_and_clips_nothing(reports: dict[str, Any], size: str) -> None:
    report = reports[size]
    assert "error" not in report, report.get("error")
    assert report["checked"] == SCREENS_PER_SIZE
    assert report["problems"] == [], "\n".join(report["problems"])
