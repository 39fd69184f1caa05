"""Training tiny models: it learns, spares the backbone, stops cleanly, fails clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from ptcore.engine import model as model_module
from ptcore.engine import trainer as trainer_module
from ptcore.engine.callbacks import EvalInfo, TrainingCallbacks
from ptcore.engine.examples import TrainingData, collect_examples
from ptcore.engine.predictor import Predictor
from ptcore.engine.settings import default_settings
from ptcore.engine.trainer import train_model
from ptcore.errors import UserError
from ptcore.records import Task
from tests.engine.projects import classification_project, fast_settings


class Recorder(TrainingCallbacks):
    def __init__(self, stop_at: int = 0) -> None:
        self.evals: list[EvalInfo] = []
        self.messages: list[str] = []
        self.steps: list[int] = []
        self.stop_at = stop_at

    def on_progress(self, info):  # type: ignore[no-untyped-def]
        self.steps.append(info.step)

    def on_eval(self, info: EvalInfo) -> None:
        self.evals.append(info)

    def on_message(self, message: str) -> None:
        self.messages.append(message)

    def should_stop(self) -> bool:
        return bool(self.stop_at) and len(self.steps) >= self.stop_at


@pytest.fixture
def data(tmp_path: Path) -> tuple[TrainingData, str]:
    project = classification_project(tmp_path)
    yield collect_examples(project), project.info().base_model
    project.close()


def test_learns_toy_task_and_leaves_backbone_untouched(data, tmp_path: Path) -> None:
    examples, base = data
    before = load_file(str(Path(base) / "model.safetensors"))
    recorder = Recorder()
    captured = {}

    def on_best_model(best):  # type: ignore[no-untyped-def]
        captured["items"] = best.dev_items
        captured["backbone"] = {k: v.clone() for k, v in best.model.backbone.state_dict().items()}

    recorder.on_best_model = on_best_model  # type: ignore[method-assign]
    result = train_model(examples, fast_settings(), tmp_path / "m", base, recorder)
    assert result.status == "finished"
    assert result.metrics["accuracy"] >= 0.9
    assert 0 < result.trainable["fraction"] < 0.1
    assert recorder.evals[0].is_best
    assert set(captured["backbone"]) <= set(before)
    for name, tensor in captured["backbone"].items():
        assert torch.equal(tensor, before[name]), name
    reloaded = Predictor(result.model_dir).predict(examples.dev)
    assert [i[0].payload.label for i in reloaded] == [i[0].payload.label for i in captured["items"]]


def test_evaluates_evenly_within_each_epoch_and_not_twice_at_its_end(data, tmp_path: Path) -> None:
    examples, base = data
    recorder = Recorder()
    # 48 texts at batch 5: 10 steps an epoch, interval 3. Step 9 is one step before the
    # epoch's own evaluation, so it is skipped; the second epoch counts from its own start.
    settings = fast_settings(epochs=2, batch_size=5, evals_per_epoch=3)
    train_model(examples, settings, tmp_path / "m", base, recorder)
    assert [info.step for info in recorder.evals] == [3, 6, 10, 13, 16, 20]


def test_same_seed_same_model(data, tmp_path: Path) -> None:
    examples, base = data
    settings = fast_settings(epochs=1)
    first = train_model(examples, settings, tmp_path / "a", base)
    second = train_model(examples, settings, tmp_path / "b", base)
    a, b = (load_file(str(Path(r.model_dir) / "weights.safetensors")) for r in (first, second))
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_should_stop_stops_within_a_step_and_keeps_a_model(data, tmp_path: Path) -> None:
    examples, base = data
    recorder = Recorder(stop_at=2)
    result = train_model(examples, fast_settings(), tmp_path / "m", base, recorder)
    assert result.status == "cancelled"
    assert recorder.steps == [1, 2]
    assert (tmp_path / "m" / "weights.safetensors").is_file()


def test_max_minutes_stops_and_keeps_best(data, tmp_path: Path) -> None:
    examples, base = data
    recorder = Recorder()
    result = train_model(examples, fast_settings(max_minutes=1e-6), tmp_path / "m", base, recorder)
    assert result.status == "finished" and result.metrics["stopped"] == "max_minutes"
    assert recorder.steps == [1] and result.model_dir


def test_nan_loss_stops_with_clear_error_and_keeps_last_good_model(
    data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples, base = data
    calls = []

    def poisoned(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        calls.append(1)
        loss = model_module.label_loss(logits, labels)
        return loss * float("nan") if len(calls) > 3 else loss

    monkeypatch.setitem(model_module.LOSSES, Task.CLASSIFICATION, poisoned)
    recorder = Recorder()
    result = train_model(examples, fast_settings(eval_steps=1), tmp_path / "m", base, recorder)
    assert result.status == "failed"
    assert "NaN" in result.error and "step 4" in result.error
    assert result.model_dir and result.best_step <= 3
    assert Predictor(result.model_dir).predict(examples.dev)


def test_out_of_memory_retries_with_half_the_batch(
    data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples, base = data
    real = trainer_module._attempt
    batches = []

    def flaky(data, settings, *rest):  # type: ignore[no-untyped-def]
        batches.append(settings.batch_size)
        if len(batches) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory")
        return real(data, settings, *rest)

    monkeypatch.setattr(trainer_module, "_attempt", flaky)
    recorder = Recorder()
    result = train_model(examples, fast_settings(epochs=1), tmp_path / "m", base, recorder)
    assert batches == [8, 4] and result.batch_size == 4
    assert any("Out of memory: retrying with batch 4" in m for m in recorder.messages)


def test_unknown_base_model_folder_is_a_user_error(data, tmp_path: Path) -> None:
    examples, _ = data
    with pytest.raises(UserError, match="not a transformers model folder"):
        train_model(examples, fast_settings(), tmp_path / "m", str(tmp_path / "missing"))


def test_small_projects_get_enough_steps() -> None:
    settings = fast_settings(epochs=5, batch_size=16, min_steps=150)
    assert settings.epochs_for(12) == 150  # one step an epoch
    assert settings.epochs_for(16 * 40) == 5  # 200 steps in five epochs already
    assert fast_settings(epochs=5, min_steps=0).epochs_for(12) == 5


def test_min_steps_lengthens_training_and_says_so(data, tmp_path: Path) -> None:
    training, base = data
    recorder = Recorder()
    settings = fast_settings(epochs=1, batch_size=len(training.train), min_steps=6)
    result = train_model(training, settings, tmp_path / "m", base, recorder)
    assert result.status == "finished"
    assert recorder.steps[-1] == 6
    assert any("training 6 epochs" in m for m in recorder.messages)


def test_presets_scale_the_tasks_own_epochs() -> None:
    ner, classification = default_settings(Task.NER), default_settings(Task.CLASSIFICATION)
    assert ner.epochs > classification.epochs  # tagging keeps improving for longer
    assert default_settings(Task.NER, "best").epochs == 2 * ner.epochs
    assert default_settings(Task.CLASSIFICATION, "best").epochs == 2 * classification.epochs
    assert default_settings(Task.NER, "fast").epochs == 3
    assert not ner.backbone_dropout
    assert ner.batch_size < classification.batch_size  # more updates for the slower learner
