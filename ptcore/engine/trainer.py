"""Training a P-tuning v2 model with transformers' ``Trainer``.

The library runs the loop: batching with dynamic padding and length grouping, bf16/fp16
autocast on CUDA, gradient accumulation, clipping, the learning-rate schedule, seeding and
(under torchrun/accelerate) distribution. Ours are only the pieces the library cannot know:
an AdamW with separate learning rates for the prefix and the head (the backbone is frozen
and never reaches the optimiser), the loss read from our ``TaskOutput``, the evaluation
callback (``trainer_callback.py``) and retrying with half the batch after a CUDA OOM.
Under torchrun the same path trains one model on every rank (``distributed.py``): the Trainer
wraps it in DistributedDataParallel and shards the batches; only the lead saves it.
"""

from __future__ import annotations

import gc
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import torch
from transformers import PrinterCallback, Trainer, TrainingArguments, set_seed
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine.callbacks import TrainingCallbacks
from ptcore.engine.decoding import Decoding
from ptcore.engine.distributed import SINGLE, Ranks
from ptcore.engine.examples import TrainingData
from ptcore.engine.layer_cache import attach_layer_cache, report_layer_cache
from ptcore.engine.model import PrefixTunedModel, create_model
from ptcore.engine.predictor import encode
from ptcore.engine.settings import TrainSettings
from ptcore.engine.tasks.collate import collator_for
from ptcore.engine.tasks.registry import spec_for
from ptcore.engine.train_result import TrainResult, train_result
from ptcore.engine.trainer_callback import EvaluationCallback, RunContext
from ptcore.errors import UserError
from ptcore.records import Task

INIT_TEXTS = 32
# train_biases: BitFit's range (1e-4..1e-3); the prefix's 3e-2 would wreck the pretrained terms.
BIAS_LEARNING_RATE = 1e-3


class PrefixTrainer(Trainer):
    """A Trainer whose model returns a ``TaskOutput``; remembers the last loss for the callback."""

    last_loss: torch.Tensor | None = None

    def compute_loss(
        self,
        model: Any,
        inputs: dict[str, Any],
        return_outputs: bool = False,
        num_items_in_batch: Any = None,
    ) -> Any:
        output = model(**inputs)
        self.last_loss = output.loss.detach()
        return (output.loss, output) if return_outputs else output.loss

    def current_loss(self) -> float:
        return math.nan if self.last_loss is None else float(self.last_loss)


def train_model(
    data: TrainingData,
    settings: TrainSettings,
    model_dir: Path,
    base_model: str = "",
    callbacks: TrainingCallbacks | None = None,
    deadline: float = 0.0,
    final_documents: int = 0,
    ranks: Ranks = SINGLE,
) -> TrainResult:
    """Train on ``data`` and save the best model to ``model_dir``; halves the batch on OOM.

    ``deadline`` (``time.monotonic()``; default: ``max_minutes`` from now) is when the whole
    run must end; training leaves time for predicting ``final_documents`` afterwards. Each
    new best model goes to ``callbacks.on_best_model`` once saved. With several ``ranks``
    an OOM is not retried: one rank cannot change its batch alone."""
    callbacks = callbacks or TrainingCallbacks()
    if not deadline and settings.max_minutes:
        deadline = time.monotonic() + settings.max_minutes * 60
    limits = (deadline, final_documents)
    batch, accumulation = settings.batch_size, settings.gradient_accumulation
    while True:
        try:
            return _attempt(
                data,
                settings.replace(batch_size=batch, gradient_accumulation=accumulation),
                model_dir,
                base_model,
                callbacks,
                limits,
                ranks,
            )
        except torch.OutOfMemoryError:
            if ranks.several:
                raise UserError(
                    f"Out of memory on {ranks.training_device(settings.device)} with batch "
                    f"{batch}; lower --batch-size, max length or prefix length."
                ) from None
            if batch == 1:
                raise UserError(
                    "Out of memory even with batch 1; lower max length or prefix length."
                ) from None
            batch, accumulation = batch // 2, accumulation * 2
            callbacks.on_message(
                f"Out of memory: retrying with batch {batch} (accumulating {accumulation} steps)"
            )
            _free_memory()


def _attempt(
    data: TrainingData,
    settings: TrainSettings,
    model_dir: Path,
    base_model: str,
    callbacks: TrainingCallbacks,
    limits: tuple[float, int] = (0.0, 0),
    ranks: Ranks = SINGLE,
) -> TrainResult:
    device = ranks.training_device(settings.device)
    set_seed(settings.seed)
    model, tokenizer = create_model(
        data.task, len(data.head_labels), settings.prefix_config(), base_model or None
    )
    # Late prefix: lower layers once per text (each rank its own cache, its share of memory).
    cache = attach_layer_cache(model, settings, device, ranks.local_world)
    max_length = usable_length(model, settings.max_length)
    features, _ = encode(data.task, data.train, tokenizer, data.head_labels, max_length)
    per_rank = math.ceil(len(features) / ranks.world)  # what one rank steps through per epoch
    if settings.epochs_for(per_rank) > settings.epochs:
        settings = settings.replace(epochs=settings.epochs_for(per_rank))
        callbacks.on_message(
            f"Few training examples ({len(features)}): training {settings.epochs:g} epochs "
            f"to reach {settings.min_steps} steps."
        )
    if settings.prefix_init == "activations":
        _init_prefix(model, tokenizer, features)
    if settings.gradient_checkpointing:
        model.enable_gradient_checkpointing()
    summary = model.trainable_parameter_summary()
    trainable = {
        "trainable": summary.trainable,
        "total": summary.total,
        "fraction": summary.fraction,
    }
    saved = {"train": settings.to_dict(), "max_length": max_length, "trainable": trainable}
    # The run's long-lived objects (model, tokenizer, encoded data) leave the cyclic GC's
    # view: each full collection walked them holding the GIL, 70 ms on 1,000 NER sentences,
    # and froze the app's window. The price: their reference cycles, if any, are never freed
    # (about 0.5 MB of small objects a run, measured; no tensors).
    gc.freeze()
    with tempfile.TemporaryDirectory(prefix="ptrain-") as scratch:
        args = training_arguments(settings, device, scratch, data.task)
        trainer = PrefixTrainer(
            model=model,
            args=args,
            train_dataset=features,
            data_collator=collator_for(data.task, tokenizer),
            processing_class=tokenizer,
            optimizers=(make_optimizer(model, settings), None),
        )
        deadline, final_documents = limits
        callback = EvaluationCallback(
            RunContext(
                model=model,
                tokenizer=tokenizer,
                data=data,
                decoding=Decoding(max_length),
                model_dir=model_dir,
                saved_settings=saved,
                callbacks=callbacks,
                examples_per_step=settings.batch_size * settings.gradient_accumulation,
                loss=trainer.current_loss,
                eval_interval=eval_interval(settings, per_rank),
                steps_per_epoch=steps_per_epoch(settings, per_rank),
                patience=settings.patience,
                deadline=deadline,
                final_documents=final_documents,
                ranks=ranks,
            )
        )
        trainer.add_callback(callback)
        trainer.remove_callback(PrinterCallback)
        trainer.train()
    result = train_result(callback.outcome, model_dir, settings, trainable, data.selection)
    report_layer_cache(cache, result.metrics, callbacks.on_message)  # late prefix: its memory
    return result


def training_arguments(
    settings: TrainSettings, device: torch.device, output_dir: str, task: Task
) -> TrainingArguments:
    """The library's knobs: what it does for us, and what we keep to ourselves (saving, logging)."""
    cuda = device.type == "cuda"
    mixed = settings.mixed_precision and cuda
    bf16 = mixed and torch.cuda.is_bf16_supported()
    return TrainingArguments(
        output_dir=output_dir,
        per_device_train_batch_size=settings.batch_size,
        gradient_accumulation_steps=settings.gradient_accumulation,
        num_train_epochs=settings.epochs,
        warmup_steps=settings.warmup_ratio,
        lr_scheduler_type="linear",
        max_grad_norm=1.0,
        seed=settings.seed,
        use_cpu=device.type == "cpu",
        bf16=bf16,
        fp16=mixed and not bf16,
        train_sampling_strategy="group_by_length",
        remove_unused_columns=False,
        label_names=list(spec_for(task).target_names),
        save_strategy="no",
        eval_strategy="no",
        logging_strategy="no",
        logging_nan_inf_filter=False,
        report_to="none",
        disable_tqdm=True,
        dataloader_pin_memory=cuda,
        # Under torchrun: every trainable parameter takes part in each step (see
        # tests/engine/test_distributed.py).
        ddp_find_unused_parameters=False,
    )


def make_optimizer(model: PrefixTunedModel, settings: TrainSettings) -> torch.optim.Optimizer:
    """AdamW over the prefix and the head, each with its own learning rate, and the backbone's
    bias terms when ``train_biases`` lets them train (at BitFit's own, far lower rate)."""
    prefix = [p for p in model.prefix.parameters() if p.requires_grad]
    head = [p for p in model.head.parameters() if p.requires_grad]
    groups = [
        {"params": prefix, "lr": settings.learning_rate, "weight_decay": 0.0},
        {"params": head, "lr": settings.head_learning_rate, "weight_decay": settings.weight_decay},
    ]
    biases = [p for p in model.backbone.parameters() if p.requires_grad]
    if biases:
        groups.append({"params": biases, "lr": BIAS_LEARNING_RATE, "weight_decay": 0.0})
    return torch.optim.AdamW(groups)


def steps_per_epoch(settings: TrainSettings, num_features: int) -> int:
    """Optimizer steps in one pass over ``num_features`` (the Trainer's count)."""
    return math.ceil(num_features / (settings.batch_size * settings.gradient_accumulation))


def eval_interval(settings: TrainSettings, num_features: int) -> int:
    """Optimizer steps between evaluations within an epoch (0: only at epoch ends)."""
    if settings.eval_steps:
        return settings.eval_steps
    steps = steps_per_epoch(settings, num_features)
    return 0 if settings.evals_per_epoch <= 1 else max(1, steps // settings.evals_per_epoch)


def usable_length(model: PrefixTunedModel, requested: int) -> int:
    """``requested``, capped by the backbone's position table (RoBERTa reserves pad+1 slots)."""
    config = model.backbone.config
    reserved = config.pad_token_id + 1 if config.model_type in ("roberta", "xlm-roberta") else 0
    return min(requested, config.max_position_embeddings - reserved)


def _init_prefix(
    model: PrefixTunedModel, tokenizer: PreTrainedTokenizerBase, features: list[dict[str, Any]]
) -> None:
    """Start the prefix from the frozen model's key/values on the first training texts."""
    sample = [
        {"input_ids": f["input_ids"], "attention_mask": f["attention_mask"]}
        for f in features[:INIT_TEXTS]
    ]
    batch = tokenizer.pad(sample, return_tensors="pt")
    model.init_prefix_from_activations(batch["input_ids"], batch["attention_mask"])


def _free_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
