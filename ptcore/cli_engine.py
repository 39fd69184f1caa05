"""Engine commands of the CLI: train, eval, predict (filled in by the engine)."""

from __future__ import annotations

import argparse


def add_engine_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``train``, ``eval`` and ``predict``."""
