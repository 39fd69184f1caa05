"""Training runs, their per-evaluation metrics, and their stored predictions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from ptcore.db.models import PredictionRow, RunMetricRow, RunRow, table
from ptcore.errors import ValidationError
from ptcore.store.payload_json import payload_from_json, payload_to_json
from ptcore.store.run_owner import INTERRUPTED_MESSAGE, OWNER, is_alive, this_process
from ptcore.store.views import Prediction, Run, RunMetric, RunStatus

PREDICTION_BATCH = 100  # documents per transaction


class RunStore:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session = session_factory

    def start(
        self,
        settings: dict[str, Any],
        training_set: dict[str, Any],
        device: str,
        num_train_documents: int,
    ) -> int:
        with self._session() as session, session.begin():
            row = RunRow(
                status=RunStatus.RUNNING,
                settings={**settings, OWNER: this_process()},
                training_set=training_set,
                device=device,
                num_train_documents=num_train_documents,
            )
            session.add(row)
            session.flush()
            return row.id

    def finish(
        self,
        run_id: int,
        status: RunStatus,
        metrics: dict[str, Any] | None = None,
        model_dir: str = "",
        error: str = "",
    ) -> None:
        """Close a run as ``finished``, ``cancelled`` or ``failed``."""
        with self._session() as session, session.begin():
            row = _run(session, run_id)
            row.status, row.error, row.finished_at = status, error, datetime.now(UTC)
            if metrics is not None:
                row.metrics = metrics
            if model_dir:
                row.model_dir = model_dir

    def update_metrics(self, run_id: int, changes: dict[str, Any]) -> None:
        """Merge ``changes`` into the run's metrics (e.g. predictions finished later)."""
        with self._session() as session, session.begin():
            row = _run(session, run_id)
            row.metrics = {**row.metrics, **changes}

    def mark_interrupted(self, saved_model: Callable[[int], str]) -> list[int]:
        """Turn "running" runs whose training process is gone into "interrupted", keeping the
        model ``saved_model(run_id)`` names (if any); returns their ids."""
        with self._session() as session:
            running = session.scalars(
                select(RunRow).where(RunRow.status == RunStatus.RUNNING)
            ).all()
            if not any(not is_alive(row.settings.get(OWNER)) for row in running):
                return []
        with self._session() as session, session.begin():
            dead = [
                row
                for row in session.scalars(select(RunRow).where(RunRow.status == RunStatus.RUNNING))
                if not is_alive(row.settings.get(OWNER))
            ]
            for row in dead:
                row.status, row.error = RunStatus.INTERRUPTED, INTERRUPTED_MESSAGE
                row.finished_at = datetime.now(UTC)
                row.model_dir = row.model_dir or saved_model(row.id)
            return [row.id for row in dead]

    def add_metric(
        self, run_id: int, step: int, epoch: float, split: str, values: dict[str, Any]
    ) -> None:
        with self._session() as session, session.begin():
            session.add(
                RunMetricRow(run_id=run_id, step=step, epoch=epoch, split=split, values=values)
            )

    def get(self, run_id: int) -> Run:
        with self._session() as session:
            return _to_run(_run(session, run_id))

    def all(self) -> list[Run]:
        with self._session() as session:
            return [_to_run(row) for row in session.scalars(select(RunRow).order_by(RunRow.id))]

    def latest_finished(self) -> Run | None:
        with self._session() as session:
            row = session.scalar(
                select(RunRow)
                .where(RunRow.status == RunStatus.FINISHED, RunRow.model_dir != "")
                .order_by(RunRow.id.desc())
                .limit(1)
            )
            return _to_run(row) if row else None

    def metrics(self, run_id: int) -> list[RunMetric]:
        with self._session() as session:
            rows = session.scalars(
                select(RunMetricRow).where(RunMetricRow.run_id == run_id).order_by(RunMetricRow.id)
            )
            return [RunMetric(r.step, r.epoch, r.split, r.values) for r in rows]

    def delete(self, run_id: int) -> str:
        """Delete the run's rows; returns its model folder for the caller to remove."""
        with self._session() as session, session.begin():
            row = _run(session, run_id)
            model_dir = row.model_dir
            session.delete(row)
            return model_dir

    def replace_predictions(self, run_id: int, predictions: Iterable[Prediction]) -> None:
        """Store a run's latest predictions, replacing its earlier ones for the same documents.

        A few documents per transaction, so an edit waiting for the write lock (the GUI
        thread) gets it within milliseconds while training stores thousands."""
        by_document: dict[int, list[dict[str, Any]]] = {}
        for prediction in predictions:
            by_document.setdefault(prediction.document_id, []).append(_prediction_row(prediction))
        documents = list(by_document)
        for start in range(0, len(documents), PREDICTION_BATCH):
            batch = documents[start : start + PREDICTION_BATCH]
            self._replace(run_id, batch, [row for d in batch for row in by_document[d]])

    def _replace(self, run_id: int, document_ids: list[int], rows: list[dict[str, Any]]) -> None:
        with self._session() as session, session.begin():
            session.execute(
                delete(PredictionRow).where(
                    PredictionRow.run_id == run_id, PredictionRow.document_id.in_(document_ids)
                )
            )
            session.execute(insert(table(PredictionRow)), rows)

    def predictions(self, run_id: int, document_ids: list[int] | None = None) -> list[Prediction]:
        with self._session() as session:
            query = select(PredictionRow).where(PredictionRow.run_id == run_id)
            if document_ids is not None:
                query = query.where(PredictionRow.document_id.in_(document_ids))
            return [
                _to_prediction(row) for row in session.scalars(query.order_by(PredictionRow.id))
            ]


def _run(session: Session, run_id: int) -> RunRow:
    row = session.get(RunRow, run_id)
    if row is None:
        raise ValidationError(f"Run {run_id} does not exist.")
    return row


def _to_run(row: RunRow) -> Run:
    return Run(
        id=row.id,
        status=_status(row),
        settings=row.settings,
        training_set=row.training_set,
        metrics=row.metrics,
        model_dir=row.model_dir,
        device=row.device,
        num_train_documents=row.num_train_documents,
        error=row.error,
        started_at=row.started_at.isoformat(),
        finished_at=row.finished_at.isoformat() if row.finished_at else None,
    )


def _status(row: RunRow) -> RunStatus:
    try:
        return RunStatus(row.status)
    except ValueError:
        known = ", ".join(RunStatus)
        raise ValidationError(
            f"Run {row.id} has the status {row.status!r}, which this version does not know "
            f"(it knows {known}); perhaps a newer version wrote the project."
        ) from None


def _prediction_row(prediction: Prediction) -> dict[str, Any]:
    return {
        "run_id": prediction.run_id,
        "document_id": prediction.document_id,
        "question_id": prediction.question_id,
        "payload": payload_to_json(prediction.payload),
        "confidence": prediction.confidence,
        "disagrees": prediction.disagrees,
        "created_at": datetime.now(UTC),
    }


def _to_prediction(row: PredictionRow) -> Prediction:
    return Prediction(
        row.run_id,
        row.document_id,
        row.question_id,
        payload_from_json(row.payload),
        row.confidence,
        row.disagrees,
    )
