"""Storing a run's predictions in the project, in chunks that can stop at a deadline.

Both the live predictions during training (``run_recorder.py``) and the later passes
(``predict --pending``, ``predict``) go through ``store``: it marks where each prediction
disagrees with the gold annotation, so the document list can filter on it.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator, Sequence

from ptcore.engine.decoding import ItemPrediction, disagrees
from ptcore.engine.predictor import Predictor
from ptcore.records import DocumentRecord, Status
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project, to_record
from ptcore.store.views import Prediction

CHUNK = 500
TIMED_CHUNK = 8  # under a deadline, predict in small pieces and look at the clock between


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


def records_of(project: Project, ids: Iterable[int]) -> Iterator[DocumentRecord]:
    """The records of ``ids`` in that order (QA: only resolved and open questions alike)."""
    for document_id in ids:
        yield to_record(project.documents.gold(document_id))


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
            differs = disagrees(project.task, record, item.payload, item.question_index)
            yield Prediction(run_id, record.line, question, item.payload, item.confidence, differs)


def _question_ids(project: Project, record: DocumentRecord) -> list[int]:
    return [q.id for q in project.documents.gold(record.line).questions]
