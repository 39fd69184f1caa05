"""The GUI logs to a rotating file that Help ▸ Show log opens; no progress bars on stderr."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from app.support import logs
from tests.gui.conftest import open_active


@pytest.fixture
def log_handler(tmp_path: Path) -> Iterator[logging.Handler]:
    handler = logs.install(tmp_path / "data")
    yield handler
    logging.getLogger().removeHandler(handler)
    handler.close()


def test_bugs_go_to_the_log_and_help_shows_it(
    qtbot, shell, sentiment_project, tmp_path, log_handler, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    window = open_active(qtbot, shell, sentiment_project)
    shell.bridge.report(RuntimeError("the disk ate it"))
    shell.bridge.last_dialog.close()
    log_handler.flush()
    path = tmp_path / "data" / "logs" / "ptstudio.log"
    text = path.read_text(encoding="utf-8")
    assert "P-Tuning Studio started" in text and "RuntimeError: the disk ate it" in text
    window.show_log_action.trigger()  # Help ▸ Show log
    assert opened == [str(path)]
    assert isinstance(log_handler, logging.handlers.RotatingFileHandler)
    assert log_handler.maxBytes == logs.MAX_BYTES and log_handler.backupCount == logs.BACKUPS


def test_no_loading_bars_on_stderr(tmp_path, log_handler, capfd) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoModel

    from tests.engine.projects import backbone

    folder = backbone(tmp_path / "tiny")
    capfd.readouterr()
    AutoModel.from_pretrained(str(folder))
    assert "Loading weights" not in capfd.readouterr().err
