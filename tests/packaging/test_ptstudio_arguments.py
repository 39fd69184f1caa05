"""``ptstudio --help`` and ``--version`` print and exit before any window opens (``--help``
used to be taken for a project path, and the GUI opened)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen"}
AS_INSTALLED = "import sys; from app.main import main; sys.argv[0] = 'ptstudio'; sys.exit(main())"


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    # A GUI that opened would run until the timeout.
    return subprocess.run(argv, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=120)


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (
            (sys.executable, "-c", AS_INSTALLED, "--help"),
            "usage: ptstudio [-h] [--version] [project]",
        ),
        ((sys.executable, "main.py", "-h"), "usage: python main.py [-h] [--version] [project]"),
    ],
)
def test_help_prints_and_exits(argv: tuple[str, ...], usage: str) -> None:
    done = run(*argv)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(usage)
    help_text = " ".join(done.stdout.split())  # argparse wraps the help to the terminal
    assert "a project file (.db), or a postgresql:// URL, to open at once" in help_text


def test_version_prints_and_exits() -> None:
    done = run(sys.executable, "-c", AS_INSTALLED, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("P-Tuning Studio ")


def test_an_unknown_option_is_refused_without_opening_a_window() -> None:
    done = run(sys.executable, "-c", AS_INSTALLED, "--bogus")
    assert done.returncode == 2 and "unrecognized arguments: --bogus" in done.stderr
