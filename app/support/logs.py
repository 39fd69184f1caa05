"""The GUI's log: a rotating file in the user's data folder, opened by Help ▸ Show log.

Third-party progress bars ("Loading weights: 100%", "Writing model shards") are turned off:
they filled the terminal's stderr with lines that mean nothing to a person using the window.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

LOG_NAME = "ptstudio.log"
MAX_BYTES, BACKUPS = 1_000_000, 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

log = logging.getLogger("app")


def install(data_dir: Path) -> RotatingFileHandler:
    """Log INFO and above (warnings included) to ``data_dir/logs/ptstudio.log``, rotated at
    1 MB with three old files kept."""
    folder = Path(data_dir) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    logging.captureWarnings(True)
    quiet_progress_bars()
    log.info("P-Tuning Studio started (Python %s)", sys.version.split()[0])
    return handler


def quiet_progress_bars() -> None:
    """No tqdm bars from transformers or huggingface_hub: set before they are imported (the
    engine loads lazily), and switched off directly if they already are."""
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()


def current_log() -> Path | None:
    """The file the app logs to, if logging was installed."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def show_log() -> bool:
    """Open the log in the desktop's viewer for text files."""
    path = current_log()
    return path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
