"""Optional dependencies: the server and ONNX need packages a plain install lacks."""

from __future__ import annotations

import importlib.util

from ptcore.errors import UserError


def require(extra: str, *modules: str) -> None:
    """Refuse, naming the pip extra to install, when one of ``modules`` is missing."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(
            f"{', '.join(missing)} is not installed; install it with "
            f'pip install "ptuning-studio[{extra}]"'
        )
