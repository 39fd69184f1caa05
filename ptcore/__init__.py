"""P-Tuning Studio's engine. ``ptcore.load_model`` is the Python API (``ptcore/api.py``);
importing ``ptcore`` stays light: torch loads with the first model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ptcore.api import Model


def load_model(
    path: str | Path,
    base_model: str | Path | None = None,
    device: str = "cpu",
    batch_size: int = 32,
    quantize: bool = False,
) -> Model:
    """A saved model folder or an exported ``.onnx`` graph; see ``ptcore.api.load_model``."""
    from ptcore.api import load_model as load

    return load(path, base_model, device, batch_size, quantize)
