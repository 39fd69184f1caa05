"""Project-level training, evaluation and prediction: what the CLI and the GUI worker call.

A run is recorded as it goes: the run row (settings, the exact training set, the device),
one metric row per evaluation, and predictions of the best model so far (dev plus a capped
sample of unlabeled documents, so the GUI shows live suggestions), then at the end the kept
model's predictions over every labeled document and the unlabeled sample.

A time limit bounds the whole run, final predictions included: predictions still missing at
the deadline are listed in the run's metrics (``pending_predictions``) and
``predict_pending`` finishes them later (``predict --pending``, or the GUI in the background).

Under torchrun only the lead (rank 0) runs ``train_project``: it alone opens the project and
writes the one run row and model folder; the other ranks ``follow_lead`` with the data it hands
them (``distributed.py``).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ptcore.engine import backbone as backbones
from ptcore.engine.callbacks import TrainingCallbacks
from ptcore.engine.decoding import ItemPrediction, score
from ptcore.engine.distributed import SINGLE, Handoff
from ptcore.engine.examples import collect_examples, labeled_records
from ptcore.engine.item_losses import ItemKey, item_losses
from ptcore.engine.predictor import Predictor
from ptcore.engine.preflight import model_run
from ptcore.engine.run_recorder import RunRecorder
from ptcore.engine.settings import TrainSettings, default_settings
from ptcore.engine.stored_predictions import chunks, predict_documents, store
from ptcore.engine.trainer import train_model
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Split, Status
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project
from ptcore.store.views import RunStatus

UNLABELED_CAP = 2000
PENDING_KEY = "pending_predictions"
# A cancelled run of several processes predicts for at most this long afterwards: torchrun
# kills its workers 30 s after passing on a signal (TORCH_ELASTIC_SHUTDOWN_TIMEOUT).
CANCEL_GRACE_S = 20.0


def train_project(
    project: Project,
    settings: TrainSettings | None = None,
    callbacks: TrainingCallbacks | None = None,
    unlabeled_cap: int = UNLABELED_CAP,
    deadline: float = 0.0,
    handoff: Handoff | None = None,
) -> int:
    """Train on the project, record the run, and return its id (check its status).

    ``deadline`` (``time.monotonic()``) is when everything must be done, predictions
    included; by default ``settings.max_minutes`` from now (0: no limit). Under torchrun,
    ``handoff`` passes the data to the other ranks."""
    ranks = handoff.ranks if handoff else SINGLE
    settings = settings or default_settings(project.task)
    if not deadline and settings.max_minutes:
        deadline = time.monotonic() + settings.max_minutes * 60
    callbacks = callbacks or TrainingCallbacks()
    data = collect_examples(project, settings.seed)
    base = base_model_path(project)
    device = device_name(ranks.training_device(settings.device), ranks.world)
    if handoff:
        handoff.send((settings, data, base))
    run_id = project.runs.start(settings.to_dict(), data.training_set(), device, len(data.train))
    recorder = RunRecorder(project, run_id, data, callbacks, unlabeled_cap, deadline)
    callbacks.on_run_started(run_id)
    for message in data.messages:
        callbacks.on_message(message)
    try:
        result = train_model(
            data,
            settings,
            project.models_dir / f"run-{run_id}",
            base,
            recorder,
            deadline,
            len(recorder.final_ids()),
            ranks,
        )
    except BaseException as error:
        status = RunStatus.CANCELLED if isinstance(error, KeyboardInterrupt) else RunStatus.FAILED
        project.runs.finish(run_id, status, error=str(error) or type(error).__name__)
        raise
    metrics = {**result.metrics, "trainable": result.trainable, "batch_size": result.batch_size}
    if ranks.several and result.status == RunStatus.CANCELLED:
        grace = time.monotonic() + CANCEL_GRACE_S
        recorder.deadline = min(recorder.deadline or grace, grace)
    if result.model_dir:
        pending = recorder.store_final(result.model_dir)
        metrics[PENDING_KEY] = pending
        if pending:
            callbacks.on_message(
                f"Time limit: {len(pending)} documents still lack this model's predictions; "
                "they are added later (predict --pending)."
            )
    saved = project.stored_model_dir(Path(result.model_dir)) if result.model_dir else ""
    project.runs.finish(run_id, result.status, metrics, saved, result.error)
    return run_id


def follow_lead(handoff: Handoff, callbacks: TrainingCallbacks) -> None:
    """Train as a follower rank: the lead's settings and data, the same steps, nothing
    written (the lead saves and records; the time limit is its to watch)."""
    settings, data, base = handoff.receive()
    with tempfile.TemporaryDirectory(prefix="ptrain-rank-") as unused:
        settings = settings.replace(max_minutes=0)
        train_model(data, settings, Path(unused), base, callbacks, ranks=handoff.ranks)


def base_model_path(project: Project) -> str:
    """The project's backbone folder, checked now so a wrong path fails before any work."""
    folder = project.info().base_model or str(backbones.default_model_path())
    backbones.read_backbone_config(folder)
    return folder


def device_name(device: torch.device, processes: int = 1) -> str:
    """What the run row shows: the GPU's name, or the device type; "2 × …" for a run of
    several processes."""
    if processes > 1:
        return f"{processes} × {device_name(device)}"
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return "Apple GPU (MPS)" if device.type == "mps" else "CPU"


def predict_pending(project: Project, run_id: int, first: Iterable[int] = ()) -> int:
    """Finish the predictions a time limit cut short, ``first`` (say, the open and visible
    documents) first; returns how many were stored."""
    run = model_run(project, run_id)
    pending = [int(i) for i in run.metrics.get(PENDING_KEY, [])]
    if not pending:
        return 0
    wanted = set(pending)
    ordered = list(dict.fromkeys([i for i in first if i in wanted] + pending))
    predict_documents(project, run.id, Predictor(project.model_folder(run)), ordered)
    project.runs.update_metrics(run.id, {PENDING_KEY: []})
    return len(ordered)


@dataclass
class Evaluation:
    """A run's model on one split: the metrics, each document with its predictions, and
    (when asked for) the loss of each item, by (document position, question index)."""

    metrics: dict[str, Any]
    records: list[DocumentRecord]
    items: list[list[ItemPrediction]]
    losses: dict[ItemKey, float] = field(default_factory=dict)


def evaluate_project(
    project: Project, run_id: int | None = None, split: str = "dev"
) -> dict[str, Any]:
    """Metrics of a run's model on one split (dev falls back to the dev the run carved)."""
    return evaluate_documents(project, run_id, split).metrics


def evaluate_documents(
    project: Project, run_id: int | None = None, split: str = "dev", losses: bool = False
) -> Evaluation:
    """``evaluate_project`` plus the per-document predictions (and with ``losses`` each
    item's loss, one more pass of the model), for listing the errors."""
    run = model_run(project, run_id)
    records = labeled_records(project, Split(split))
    if not records and split == Split.DEV:
        wanted = set(run.training_set.get("dev_ids", []))
        records = [
            r for r in project.records(DocumentFilter(status=Status.LABELED)) if r.line in wanted
        ]
    if not records:
        raise UserError(f"The {split} split has no labeled documents to evaluate on.")
    predictor = Predictor(project.model_folder(run))
    items = predictor.predict(records)
    values = score(project.task, records, items, project.labels.names())
    metrics = {
        "task": project.task.value,
        "run": run.id,
        "split": split,
        "documents": len(records),
        **values,
    }
    if not losses:
        return Evaluation(metrics, records, items)
    model, tokenizer = predictor.model, predictor.tokenizer
    found = item_losses(model, tokenizer, records, predictor.labels, predictor.decoding.max_length)
    return Evaluation(metrics, records, items, found)


def predict_project(project: Project, run_id: int | None = None, which: str = "unlabeled") -> int:
    """Store a run's predictions for the unlabeled (or all, or ``pending``: those a time
    limit cut short) documents; returns the count."""
    run = model_run(project, run_id)
    if which == "pending":
        return predict_pending(project, run.id)
    predictor = Predictor(project.model_folder(run))
    where = DocumentFilter(status=Status.UNLABELED) if which == "unlabeled" else None
    count = 0
    for records in chunks(project.records(where)):
        store(project, run.id, records, predictor.predict(records))
        count += len(records)
    return count
