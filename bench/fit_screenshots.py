"""Render docs/fit-wizard.png and docs/model-manager.png in a real X window (CJK fonts needed).

Both use CLUENER's dev file (../shared/data/cluener2020/dev.json beside the checkout) and, as
the "Chinese model" the user registered, a tiny random BERT whose vocabulary is built here from
the file's characters: no Chinese model is installable offline, and the screens only need its
tokenizer. The wizard shows the embedded model's verdict and proposes the registered one; the
model manager compares both on a project made from the same file.

    Xvfb :13 -screen 0 1366x768x24 & openbox &
    DISPLAY=:13 python bench/fit_screenshots.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget  # noqa: E402

from app.models.model_registry import register_model  # noqa: E402
from app.project.new_project_wizard import NewProjectWizard  # noqa: E402
from app.support.messages import MessageBridge  # noqa: E402
from app.support.settings import AppSettings  # noqa: E402
from app.widgets.theme import apply_theme  # noqa: E402
from app.window.main_window import MainWindow  # noqa: E402
from ptcore.io.registry import read_records  # noqa: E402
from ptcore.store.project import Project  # noqa: E402

DOCS = ROOT / "docs"
CLUENER = ROOT.parent / "shared" / "data" / "cluener2020" / "dev.json"


def chinese_model(folder: Path) -> Path:
    """A tiny random BERT reading every character of CLUENER dev (tokenizer and config only
    matter here; weights are saved so the folder is a complete model)."""
    import torch
    from transformers import AutoConfig, AutoModel, BertTokenizerFast

    texts = [json.loads(line)["text"] for line in CLUENER.read_text(encoding="utf-8").splitlines()]
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    characters = sorted(set("".join(texts).lower()) - {" "})
    words = specials + characters + [f"##{c}" for c in characters]  # pieces: Latin words
    BertTokenizerFast(vocab={w: i for i, w in enumerate(words)}).save_pretrained(str(folder))
    config = AutoConfig.for_model(
        "bert",
        vocab_size=len(words),
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=128,
    )
    torch.manual_seed(0)
    AutoModel.from_config(config).save_pretrained(str(folder))
    return folder


def settle(app: QApplication, seconds: float, until: object = None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until and until()):  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()


def shoot(app: QApplication, window: QWidget, out: Path) -> None:
    """The whole X screen, as a person would see it."""
    window.move(10, 10)
    window.raise_()
    window.activateWindow()
    settle(app, 1.0)
    subprocess.run(["import", "-window", "root", str(out)], check=True)
    print(f"saved {out}")


def wizard_screen(app: QApplication, out: Path) -> None:
    wizard = NewProjectWizard()
    wizard.resize(1000, 720)
    wizard.show()
    wizard.task_page.findChild(QRadioButton, "task_ner").setChecked(True)
    for _ in range(3):
        wizard.next()
    wizard.import_page.file.set_path(CLUENER)
    verdict = wizard.import_page.fit
    settle(app, 120, lambda: verdict.propose.isVisible())
    shoot(app, wizard, out)
    wizard.close()


def manager_screen(app: QApplication, folder: Path, out: Path) -> None:
    path = folder / "CLUENER dev.db"
    with Project.create(path, "ner", [], name="CLUENER dev") as project:
        project.import_records(read_records(CLUENER, "ner"), CLUENER)
    window = MainWindow(Project(path), MessageBridge(), AppSettings())
    window.resize(1340, 740)
    window.show()
    window.load()
    window.show_models()
    dialog = window.models_dialog
    dialog.resize(1320, 330)
    settle(app, 180, lambda: all(row.info for row in dialog.rows))
    dialog.table.selectRow(1)
    shoot(app, dialog, out)


def main() -> None:
    app = QApplication([])
    QCoreApplication.setOrganizationName("PTStudioScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        register_model(chinese_model(Path(folder) / "tiny-chinese-bert"))
        wizard_screen(app, DOCS / "fit-wizard.png")
        manager_screen(app, Path(folder), DOCS / "model-manager.png")
    os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
