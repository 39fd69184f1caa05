"""Project-level training, evaluation and prediction: what the CLI and the GUI worker call.

A run is recorded as it goes: the run row (settings, the exact training set, the device),
one metric row per evaluation, and predictions of the best model so far (dev plus a capped
sample of unlabeled documents, so the GUI shows live suggestions), then at the end the kept
model's predictions over every labeled document and the unlabeled sample.

A time limit bounds the whole run, final predictions included: predictions still missing at
the deadline are listed in the run's metrics (``pending_predictions``) and
``predict_pending`` finishes them later (``predict --pending``, or the GUI in the background).
"""

from __future__ import annotations

import itertools
import json
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import torch
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine import backbone as backbones
from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.decoding import Decoding, ItemPrediction, decode, disagrees, score
from ptcore.engine.examples import TrainingData, collect_examples, labeled_records
from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import Predictor, run_model
from ptcore.engine.preflight import model_run
from ptcore.engine.settings import TrainSettings, default_settings
from ptcore.engine.tasks.registry import spec_for
from ptcore.engine.trainer import train_model
from ptcore.errors import UserError
from ptcore.io.registry import read_records, write_records
from ptcore.records import DocumentRecord, Split, Status, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.model_paths import stored_form
from ptcore.store.payload_json import payload_to_json
from ptcore.store.project import Project, to_record
from ptcore.store.safe_output import atomic_output, check_target
from ptcore.store.views import Prediction, RunStatus

UNLABELED_CAP = 2000
CHUNK = 500
TIMED_CHUNK = 8  # under a deadline, predict in small pieces and look at the clock between
PENDING_KEY = "pending_predictions"


def train_project(
    project: Project,
    settings: TrainSettings | None = None,
    callbacks: TrainingCallbacks | None = None,
    unlabeled_cap: int = UNLABELED_CAP,
    deadline: float = 0.0,
) -> int:
    """Train on the project, record the run, and return its id (check its status).

    ``deadline`` (``time.monotonic()``) is when everything must be done, predictions
    included; by default ``settings.max_minutes`` from now (0: no limit)."""
    settings = settings or default_settings(project.task)
    if not deadline and settings.max_minutes:
        deadline = time.monotonic() + settings.max_minutes * 60
    callbacks = callbacks or TrainingCallbacks()
    data = collect_examples(project, settings.seed)
    base = base_model_path(project)
    device = device_name(backbones.resolve_device(settings.device))
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
            recorder.store_best,
            deadline,
            len(recorder.final_ids()),
        )
    except BaseException as error:
        status = RunStatus.CANCELLED if isinstance(error, KeyboardInterrupt) else RunStatus.FAILED
        project.runs.finish(run_id, status, error=str(error) or type(error).__name__)
        raise
    metrics = {**result.metrics, "trainable": result.trainable, "batch_size": result.batch_size}
    if result.model_dir:
        pending = recorder.store_final(result.model_dir)
        metrics[PENDING_KEY] = pending
        if pending:
            callbacks.on_message(
                f"Time limit: {len(pending)} documents still lack this model's predictions; "
                "they are added later (predict --pending)."
            )
    saved = stored_form(project.path, Path(result.model_dir)) if result.model_dir else ""
    project.runs.finish(run_id, result.status, metrics, saved, result.error)
    return run_id


def base_model_path(project: Project) -> str:
    """The project's backbone folder, checked now so a wrong path fails before any work."""
    folder = project.info().base_model or str(backbones.default_model_path())
    backbones.read_backbone_config(folder)
    return folder


def device_name(device: torch.device) -> str:
    """What the run row shows: the GPU's name, or the device type."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return "Apple GPU (MPS)" if device.type == "mps" else "CPU"


class RunRecorder(TrainingCallbacks):
    """Stores each evaluation and the best model's predictions, then passes calls on.

    ``covered`` holds the documents that have the current best model's predictions, so the
    final pass predicts only the rest."""

    def __init__(
        self,
        project: Project,
        run_id: int,
        data: TrainingData,
        callbacks: TrainingCallbacks,
        unlabeled_cap: int,
        deadline: float = 0.0,
    ) -> None:
        self.project, self.run_id, self.data = project, run_id, data
        self.callbacks, self.unlabeled_cap = callbacks, unlabeled_cap
        self.deadline = deadline
        self.covered: set[int] = set()

    def on_progress(self, info: ProgressInfo) -> None:
        self.callbacks.on_progress(info)

    def on_eval(self, info: EvalInfo) -> None:
        self.project.runs.add_metric(self.run_id, info.step, info.epoch, "dev", info.metrics)
        self.callbacks.on_eval(info)

    def on_message(self, message: str) -> None:
        self.callbacks.on_message(message)

    def should_stop(self) -> bool:
        return self.callbacks.should_stop()

    def final_ids(self) -> list[int]:
        """What the kept model predicts at the end: every labeled document, then the
        unlabeled sample."""
        labeled = self.project.documents.ids(DocumentFilter(status=Status.LABELED))
        sample = self.project.documents.ids(DocumentFilter(status=Status.UNLABELED))
        return labeled + sample[: self.unlabeled_cap]

    def store_best(
        self,
        model: PrefixTunedModel,
        tokenizer: PreTrainedTokenizerBase,
        decoding: Decoding,
        dev_items: list[list[ItemPrediction]],
    ) -> None:
        """Live predictions of the new best model: dev (already computed) and unlabeled,
        as many of these as the deadline allows."""
        if dev_items:  # none when the model was kept unscored
            store(self.project, self.run_id, self.data.dev, dev_items)
        # QA dev records hold only resolved questions: the final pass predicts them all.
        whole = dev_items and not spec_for(self.data.task).answers_questions
        self.covered = {r.line for r in self.data.dev} if whole else set()
        for records in timed_chunks(unlabeled(self.project, self.unlabeled_cap), self.deadline):
            raw = run_model(model, tokenizer, records, self.data.head_labels, decoding.max_length)
            store(self.project, self.run_id, records, decode(raw, self.data.head_labels, decoding))
            self.covered.update(r.line for r in records)

    def store_final(self, model_dir: str) -> list[int]:
        """The kept model's predictions for the documents it has not predicted yet, until the
        deadline; returns the ids still missing."""
        missing = [i for i in self.final_ids() if i not in self.covered]
        return predict_documents(
            self.project, self.run_id, Predictor(model_dir), missing, self.deadline
        )


def predict_documents(
    project: Project, run_id: int, predictor: Predictor, ids: list[int], deadline: float = 0.0
) -> list[int]:
    """Store ``predictor``'s predictions for ``ids`` in order, stopping at ``deadline``;
    returns the ids left undone."""
    done = 0
    for records in timed_chunks(records_of(project, ids), deadline):
        store(project, run_id, records, predictor.predict(records))
        done += len(records)
    return ids[done:]


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


def records_of(project: Project, ids: Iterable[int]) -> Iterator[DocumentRecord]:
    """The records of ``ids`` in that order (QA: only resolved and open questions alike)."""
    for document_id in ids:
        yield to_record(project.documents.get(document_id))


def unlabeled(project: Project, cap: int | None) -> Iterator[DocumentRecord]:
    """Unlabeled documents in id order, at most ``cap`` (None: all)."""
    return itertools.islice(project.records(DocumentFilter(status=Status.UNLABELED)), cap)


def chunks(records: Iterable[DocumentRecord], size: int = CHUNK) -> Iterator[list[DocumentRecord]]:
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def timed_chunks(
    records: Iterable[DocumentRecord], deadline: float
) -> Iterator[list[DocumentRecord]]:
    """``chunks``, small ones that stop coming once ``deadline`` has passed (0: never)."""
    if not deadline:
        yield from chunks(records)
        return
    for chunk in chunks(records, TIMED_CHUNK):
        if time.monotonic() >= deadline:
            return
        yield chunk


def store(
    project: Project,
    run_id: int,
    records: Sequence[DocumentRecord],
    items: list[list[ItemPrediction]],
) -> int:
    """Replace the run's predictions for ``records``; returns how many were stored."""
    rows = list(to_predictions(project, run_id, records, items))
    project.runs.replace_predictions(run_id, rows)
    return len(rows)


def to_predictions(
    project: Project,
    run_id: int,
    records: Sequence[DocumentRecord],
    items: list[list[ItemPrediction]],
) -> Iterator[Prediction]:
    for record, found in zip(records, items, strict=True):
        questions = _question_ids(project, record) if record.questions else []
        for item in found:
            question = None if item.question_index is None else questions[item.question_index]
            gold = disagrees(project.task, record, item.payload, item.question_index)
            yield Prediction(run_id, record.line, question, item.payload, item.confidence, gold)


def _question_ids(project: Project, record: DocumentRecord) -> list[int]:
    return [q.id for q in project.documents.get(record.line).questions]


@dataclass
class Evaluation:
    """A run's model on one split: the metrics, and each document with its predictions."""

    metrics: dict[str, Any]
    records: list[DocumentRecord]
    items: list[list[ItemPrediction]]


def evaluate_project(
    project: Project, run_id: int | None = None, split: str = "dev"
) -> dict[str, Any]:
    """Metrics of a run's model on one split (dev falls back to the dev the run carved)."""
    return evaluate_documents(project, run_id, split).metrics


def evaluate_documents(
    project: Project, run_id: int | None = None, split: str = "dev"
) -> Evaluation:
    """``evaluate_project`` plus the per-document predictions, for listing the errors."""
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
    return Evaluation(metrics, records, items)


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


def predict_file(
    model_dir: str | Path, file: str | Path, out: str | Path | TextIO, format: str | None = None
) -> int:
    """Label a file outside any project: JSON Lines with confidences, or ``format`` (ptcore.io)."""
    if isinstance(out, str | Path):
        check_target(Path(out))
    predictor = Predictor(model_dir)
    records = list(read_records(file, predictor.task))
    items = predictor.predict(records)
    if format:
        apply = [with_prediction(predictor.task, r, i) for r, i in zip(records, items, strict=True)]
        with atomic_output(Path(str(out))) as partial:
            return write_records(apply, partial, predictor.task, format)
    lines = [
        json.dumps(
            {"text": r.text, "predictions": [_jsonable(x) for x in i]},
            ensure_ascii=False,
            allow_nan=False,
        )
        for r, i in zip(records, items, strict=True)
    ]
    _write_lines(out, lines)
    return len(records)


def _jsonable(item: ItemPrediction) -> dict[str, Any]:
    """One prediction as valid JSON: a score that is not a finite number becomes null."""
    extra = {} if item.question_index is None else {"question": item.question_index}
    return finite({**payload_to_json(item.payload), "confidence": item.confidence, **extra})


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float inside it replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def _write_lines(out: str | Path | TextIO, lines: list[str]) -> None:
    if isinstance(out, str | Path):
        with atomic_output(Path(out)) as partial:
            partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        out.writelines(line + "\n" for line in lines)


def with_prediction(
    task: Task, record: DocumentRecord, items: list[ItemPrediction]
) -> DocumentRecord:
    """``record`` annotated with the model's predictions, for writing in a labeled format."""
    return spec_for(task).apply(record, items)
