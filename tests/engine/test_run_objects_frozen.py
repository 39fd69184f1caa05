"""A training run takes its long-lived objects out of the cyclic GC's view: a full collection
walking the model and the encoded data held the GIL ~70 ms and froze the app's window."""

from __future__ import annotations

import gc
from pathlib import Path

from ptcore.engine.callbacks import TrainingCallbacks
from ptcore.engine.examples import collect_examples
from ptcore.engine.trainer import train_model
from tests.engine.projects import classification_project, fast_settings


class FrozenDuringTraining(TrainingCallbacks):
    def __init__(self) -> None:
        self.frozen: list[int] = []

    def on_progress(self, info: object) -> None:
        self.frozen.append(gc.get_freeze_count())


def test_the_model_and_data_are_frozen_before_the_first_step(tmp_path: Path) -> None:
    project = classification_project(tmp_path)
    data, base = collect_examples(project), project.info().base_model
    project.close()
    before = gc.get_freeze_count()
    seen = FrozenDuringTraining()
    try:
        train_model(data, fast_settings(epochs=1), tmp_path / "m", base, seen)
    finally:
        gc.unfreeze()  # back as it was for the rest of the suite
    # The tiny model alone is a few hundred objects; its encoded examples more.
    assert seen.frozen and seen.frozen[0] >= before + 500
