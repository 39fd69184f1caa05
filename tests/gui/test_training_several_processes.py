"""A run on several processes from the GUI: the option appears only with several GPUs; the
run is a torchrun child process (here 2 CPU ranks on gloo) whose progress shows in the panel,
which closing the project asks about, and which Cancel stops, keeping rank 0's best model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.training.settings_form import SettingsForm
from app.window.closing import TRAINING, running_work
from ptcore.store.views import RunStatus
from tests.gui.conftest import open_active
from tests.gui.training_fixtures import tiny_project, use_tiny_settings

RUN_MS = 240_000  # two processes load torch under CPU contention


def test_all_gpus_is_offered_only_with_several(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = SettingsForm("classification")
    qtbot.addWidget(form)
    for count in (0, 1):
        form.offer_all_gpus(count)
    assert [form.device.itemText(i) for i in range(form.device.count())] == [
        "auto",
        "cpu",
        "cuda",
        "mps",
    ]
    form.offer_all_gpus(4)
    form.device.setCurrentText("All 4 GPUs")
    assert form.processes() == 4 and form.settings().device == "cuda"
    form.device.setCurrentText("cpu")
    assert form.processes() == 1 and form.settings().device == "cpu"


def test_run_on_two_processes_shows_progress_and_cancels(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_active(qtbot, shell, tiny_project(tmp_path))
    panel = window.training.panel
    assert panel.form.device.findText("All", Qt.MatchFlag.MatchStartsWith) < 0  # CPU only here
    use_tiny_settings(panel, epochs=300)
    session = panel.session
    with qtbot.waitSignal(session.progress, timeout=RUN_MS):
        session.start(panel.form.settings(), processes=2)  # what "All 2 GPUs" launches
    assert running_work(window) == [TRAINING]  # so closing asks first
    assert panel.progress.maximum() > 1 and "Step" in panel.progress.format()
    with qtbot.waitSignal(session.run_finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    run_id, status = finished.args
    assert status == RunStatus.CANCELLED and session.error is None
    qtbot.waitUntil(lambda: not session.is_running())
    run = window.project.runs.get(run_id)
    assert run.device == "2 × CPU" and run.metrics["ended"] == "cancelled"
    assert (window.project.model_folder(run) / "weights.safetensors").is_file()
    assert len(window.project.runs.all()) == 1


def test_closing_during_a_run_on_two_processes_asks_then_stops_it(  # type: ignore[no-untyped-def]
    qtbot, shell, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, title, *_rest: asked.append(title) or QMessageBox.StandardButton.Yes,
    )
    path = tiny_project(tmp_path)
    window = open_active(qtbot, shell, path)
    panel = window.training.panel
    use_tiny_settings(panel, epochs=300)
    with qtbot.waitSignal(panel.session.progress, timeout=RUN_MS):
        panel.session.start(panel.form.settings(), processes=2)
    window.close()
    assert asked == ["Training is running"]
    assert not panel.session.is_running()
    from ptcore.store.project import Project

    with Project(path) as project:
        [run] = project.runs.all()
        assert run.status == RunStatus.CANCELLED and run.model_dir
