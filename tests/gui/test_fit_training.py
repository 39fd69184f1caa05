"""The Training panel refuses a base model that cannot read the text, and offers Train anyway."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.fit.test_fit_guard import chinese_project, latin_backbone
from tests.gui.conftest import open_active
from tests.gui.training_fixtures import use_tiny_settings

RUN_MS = 60_000


def test_refusal_with_numbers_then_train_anyway(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = chinese_project(tmp_path / "zh.db", latin_backbone(tmp_path / "latin"))
    window = open_active(qtbot, shell, path)
    panel = window.training.panel
    use_tiny_settings(panel, epochs=1)
    panel.check_readiness()
    qtbot.waitUntil(lambda: "cannot read" in panel.status_label.text(), timeout=20_000)
    assert panel.anyway_button.isVisible()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_MS)
    text = panel.status_label.text()
    assert "75.9 % of the tokens it sees are the unknown token (limit 20.0 %)" in text
    assert "most often 张 三 在 北 京" in text and 'models.md">docs/models.md</a>' in text
    assert window.project.runs.all() == [] and panel.anyway_button.isVisible()
    with qtbot.waitSignal(panel.session.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(panel.anyway_button, Qt.MouseButton.LeftButton)
    run = window.project.runs.get(finished.args[0])
    assert finished.args[1] == "finished", run.error
    assert not panel.anyway_button.isVisible()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_MS)
    assert len(window.project.runs.all()) == 1
