"""The project's side of a training run: what ``train_project`` hands the trainer.

``RunRecorder`` stores each evaluation's metrics and the best model's predictions as the run
goes (dev plus a capped sample of unlabeled documents, so the GUI shows live suggestions),
stamps the run id on each evaluation, and passes every event on to the caller's callbacks.
At the end it predicts what the kept model has not predicted yet, until the deadline.
"""

from __future__ import annotations

from dataclasses import replace

from ptcore.engine.callbacks import BestModel, EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.decoding import decode
from ptcore.engine.examples import TrainingData
from ptcore.engine.predictor import Predictor, run_model
from ptcore.engine.stored_predictions import predict_documents, store, timed_chunks, unlabeled
from ptcore.engine.tasks.registry import spec_for
from ptcore.records import Status
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project


class RunRecorder(TrainingCallbacks):
    """Stores each evaluation and the best model's predictions, then passes the calls on,
    evaluations stamped with the run id.

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
        self.callbacks.on_eval(replace(info, run_id=self.run_id))

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

    def on_best_model(self, best: BestModel) -> None:
        """Live predictions of the new best model: dev (already computed) and unlabeled,
        as many of these as the deadline allows."""
        self.store_best(best)
        self.callbacks.on_best_model(best)

    def store_best(self, best: BestModel) -> None:
        dev_items, decoding = best.dev_items, best.decoding
        if dev_items:  # none when the model was kept unscored
            store(self.project, self.run_id, self.data.dev, dev_items)
        # QA dev records hold only resolved questions: the final pass predicts them all.
        whole = dev_items and not spec_for(self.data.task).answers_questions
        self.covered = {r.line for r in self.data.dev} if whole else set()
        for records in timed_chunks(unlabeled(self.project, self.unlabeled_cap), self.deadline):
            raw = run_model(
                best.model, best.tokenizer, records, self.data.head_labels, decoding.max_length
            )
            store(self.project, self.run_id, records, decode(raw, self.data.head_labels, decoding))
            self.covered.update(r.line for r in records)

    def store_final(self, model_dir: str) -> list[int]:
        """The kept model's predictions for the documents it has not predicted yet, until the
        deadline; returns the ids still missing."""
        missing = [i for i in self.final_ids() if i not in self.covered]
        return predict_documents(
            self.project, self.run_id, Predictor(model_dir), missing, self.deadline
        )
