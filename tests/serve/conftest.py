"""A model server on a free local port, started in a thread (or as ``ptcore serve``)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from ptcore.api import load_model
from ptcore.engine.checkpoint import save_model
from ptcore.serve.app import create_app
from ptcore.serve.limits import Limits
from tests.tiny import make_backbone_dir, make_prefix_model

LABELS = {"classification": ["pos", "neg"], "ner": ["O", "B-PER", "I-PER"], "qa": []}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def saved_model(folder: Path, task: str) -> Path:
    """An untrained tiny model folder for ``task``."""
    backbone = make_backbone_dir(folder / "bert", "bert")
    model, _ = make_prefix_model(backbone, task, max(len(LABELS[task]), 2))
    save_model(model, folder / f"{task}-model", LABELS[task])
    return folder / f"{task}-model"


@contextmanager
def running(model_dir: Path, limits: Limits | None = None) -> Iterator[str]:
    """The server's base URL while it runs in a background thread on 127.0.0.1."""
    port = free_port()
    config = uvicorn.Config(
        create_app(load_model(model_dir), limits), host="127.0.0.1", port=port, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def call(url: str, body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    """(status, parsed JSON) of a GET, or of a POST of ``body`` as JSON (or ``raw`` bytes)."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
