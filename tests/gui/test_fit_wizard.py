"""The New-project wizard shows the chosen model's verdict on the first import, and proposes a
registered model that reads mostly-Chinese text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton, QWizard

from app.models.model_registry import register_model
from ptcore.store.project import Project
from tests.engine.projects import backbone
from tests.gui.conftest import write_jsonl
from tests.gui.test_shell_start import _click_indicator, _next

WAIT_MS = 30_000
TEXTS = ["张三在北京的银行", "李四去上海大学", "王五喜欢电影", "我的老师很好"]


def test_verdict_before_the_project_is_made_and_a_proposal(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cjk = backbone(tmp_path / "chinese-model")
    register_model(cjk)
    source = write_jsonl(tmp_path / "zh.jsonl", [{"text": t, "entities": []} for t in TEXTS])
    shell.show_start()
    qtbot.mouseClick(shell.start.new_button, Qt.MouseButton.LeftButton)
    wizard = shell.wizard
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    page = wizard.task_page
    _click_indicator(qtbot, page.findChild(QRadioButton, "task_ner"))
    page.folder.clear()
    qtbot.keyClicks(page.folder, str(tmp_path))
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert wizard.model_page.default.isChecked()
    _next(qtbot, wizard)
    imports = wizard.import_page
    qtbot.mouseClick(imports.file.path_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(imports.file.path_edit, str(source))
    qtbot.keyClick(imports.file.path_edit, Qt.Key.Key_Tab)
    verdict = imports.fit.label
    qtbot.waitUntil(lambda: "of its tokens" in verdict.text(), timeout=WAIT_MS)
    assert "all-MiniLM-L6-v2 (embedded) cannot read this text" in verdict.text()
    assert "Unknown tokens:" in verdict.text() and "Scripts: CJK 100.0 %" in verdict.text()
    assert "docs/models.md" in verdict.text()
    assert imports.fit.propose.isVisible() and "chinese-model" in imports.fit.propose.text()
    qtbot.mouseClick(imports.fit.propose, Qt.MouseButton.LeftButton)
    assert wizard.model_page.base_model() == str(cjk.resolve())
    qtbot.waitUntil(lambda: "chinese-model reads well" in verdict.text(), timeout=WAIT_MS)
    assert "Unknown tokens: 0.0 % of 27 tokens" in verdict.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.job is None, timeout=WAIT_MS)
    with Project(tmp_path / "My project.db") as project:
        assert project.info().base_model == str(cjk.resolve())
        assert project.documents.count() == 4
