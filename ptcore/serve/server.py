"""``ptcore serve``: load the model once, then serve it with uvicorn until Ctrl-C."""

from __future__ import annotations

import sys
from pathlib import Path

from ptcore.extras import require
from ptcore.serve.limits import Limits


def serve(
    model_path: str | Path,
    host: str,
    port: int,
    limits: Limits,
    base_model: str | Path | None = None,
) -> None:
    require("serve", "uvicorn", "starlette")
    import uvicorn

    from ptcore.api import load_model
    from ptcore.serve.app import create_app

    model = load_model(model_path, base_model)
    app = create_app(model, limits)
    print(
        f"Serving {model_path} ({model.task.value}) on http://{host}:{port} "
        "(POST /predict, Label Studio: /health /setup /predict). Ctrl-C stops.",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
