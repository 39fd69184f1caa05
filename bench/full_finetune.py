"""Full fine-tuning through the engine's own pipeline, for a fair comparison with P-tuning v2.

Same backbone, same head (dropout + one linear layer), same features, collator, ``Trainer``
arguments, evaluation callback and decoding: only three things differ. The backbone is
unfrozen, no prefix is passed (a one-position prefix exists, frozen, only so the engine's
checkpoint code still works), and AdamW gets every backbone weight (weight decay 0.01, as
transformers' examples use). ``install()`` swaps these in for this process only: bench-only code,
never imported by ``ptcore``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_model

import ptcore.engine.trainer as trainer_module
from ptcore.engine.callbacks import BestModel
from ptcore.engine.config import PrefixConfig
from ptcore.engine.model import BackboneRef, PrefixTunedModel, create_model
from ptcore.engine.settings import TrainSettings
from ptcore.records import Task

WHOLE_MODEL_FILE = "whole_model.safetensors"
NO_DECAY = ("bias", "LayerNorm.weight", "norm.weight")


class FullFineTuneModel(PrefixTunedModel):
    """A ``PrefixTunedModel`` whose backbone trains and whose prefix is never used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backbone.requires_grad_(True)
        self.prefix.requires_grad_(False)

    def prefix_arguments(self, batch_size: int) -> dict[str, torch.Tensor]:
        """No prefix: the backbone alone."""
        return {}


def create_full_model(
    task: Task, num_labels: int, config: PrefixConfig, base_model_path: Any = None
) -> tuple[FullFineTuneModel, Any]:
    """``create_model``, re-classed so the backbone trains (parameters are shared, not copied)."""
    model, tokenizer = create_model(task, num_labels, config, base_model_path)
    ref: BackboneRef = model.backbone_ref
    full = FullFineTuneModel(model.backbone, task, num_labels, model.prefix_config, ref)
    full.head.load_state_dict(model.head.state_dict())
    return full, tokenizer


def full_optimizer(model: PrefixTunedModel, settings: TrainSettings) -> torch.optim.Optimizer:
    """AdamW over the backbone (``learning_rate``) and the head (``head_learning_rate``)."""
    named = [(n, p) for n, p in model.backbone.named_parameters() if p.requires_grad]
    decay = [p for n, p in named if not n.endswith(NO_DECAY)]
    plain = [p for n, p in named if n.endswith(NO_DECAY)]
    lr = settings.learning_rate
    return torch.optim.AdamW(
        [
            {"params": decay, "lr": lr, "weight_decay": 0.01},
            {"params": plain, "lr": lr, "weight_decay": 0.0},
            {"params": list(model.head.parameters()), "lr": settings.head_learning_rate},
        ]
    )


def install() -> None:
    """Make ``train_model`` build and optimise full fine-tuning models in this process."""
    trainer_module.create_model = create_full_model  # type: ignore[assignment]
    trainer_module.make_optimizer = full_optimizer


def whole_model_saver(folder: Path) -> Any:
    """An ``on_best_model`` callback writing backbone + head as safetensors: what full
    fine-tuning ships."""

    def save(best: BestModel) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        trained = torch.nn.ModuleDict({"backbone": best.model.backbone, "head": best.model.head})
        save_model(trained, str(folder / WHOLE_MODEL_FILE))

    return save
