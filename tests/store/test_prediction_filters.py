"""Filtering and ordering the document list by a run's stored predictions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ptcore.errors import ValidationError
from ptcore.payloads import Payload
from ptcore.records import DocumentRecord, Question, Status
from ptcore.store.documents import DocumentFilter
from ptcore.store.payload_json import payload_from_json
from ptcore.store.project import Project
from ptcore.store.views import Prediction


def _label(label: str, confidence: float) -> Payload:
    return payload_from_json({"label": label, "probabilities": {label: confidence}})


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Five documents; the first two labelled. Run 1 predicts all but the last."""
    project = Project.create(tmp_path / "c.db", "classification", ["pos", "neg"])
    project.import_records(
        [DocumentRecord(f"text {i}", labels=["pos"] * (i < 2), labeled=i < 2) for i in range(5)],
        Path("seed"),
    )
    ids = project.documents.ids()
    run = project.runs.start({}, {}, "cpu", 2)
    confidences = [0.9, 0.4, 0.55, 0.8]
    disagree = [False, True, None, None]
    project.runs.replace_predictions(
        run,
        [
            Prediction(run, i, None, _label("neg" if d else "pos", c), c, d)
            for i, c, d in zip(ids, confidences, disagree, strict=False)
        ],
    )
    project.test_run, project.test_ids = run, ids  # type: ignore[attr-defined]
    yield project
    project.close()


def test_defaults_keep_id_order_and_everything(project: Project) -> None:
    assert project.documents.ids() == project.test_ids
    assert project.documents.ids(DocumentFilter(run_id=project.test_run)) == project.test_ids


def test_disagrees_keeps_documents_whose_prediction_differs_from_gold(project: Project) -> None:
    ids = project.test_ids
    where = DocumentFilter(run_id=project.test_run, disagrees=True)
    assert project.documents.ids(where) == [ids[1]]
    assert project.documents.ids(DocumentFilter(disagrees=True)) == []  # no run: nothing


def test_max_confidence_keeps_documents_the_model_is_unsure_of(project: Project) -> None:
    ids = project.test_ids
    where = DocumentFilter(run_id=project.test_run, max_confidence=0.6)
    assert project.documents.ids(where) == [ids[1], ids[2]]
    both = DocumentFilter(run_id=project.test_run, max_confidence=0.6, status=Status.UNLABELED)
    assert project.documents.ids(both) == [ids[2]]


def test_uncertainty_order_puts_least_sure_first_and_unpredicted_last(project: Project) -> None:
    ids = project.test_ids
    where = DocumentFilter(status=Status.UNLABELED, run_id=project.test_run, order="uncertainty")
    assert project.documents.ids(where) == [ids[2], ids[3], ids[4]]
    everything = DocumentFilter(run_id=project.test_run, order="uncertainty")
    assert project.documents.ids(everything) == [ids[1], ids[2], ids[3], ids[0], ids[4]]
    assert project.documents.count(everything) == 5
    assert project.documents.ids(DocumentFilter(order="uncertainty")) == ids  # no run: by id


def test_other_runs_are_ignored(project: Project) -> None:
    other = project.runs.start({}, {}, "cpu", 2)
    last = project.test_ids[-1]
    project.runs.replace_predictions(
        other, [Prediction(other, last, None, _label("pos", 0.1), 0.1, True)]
    )
    where = DocumentFilter(run_id=project.test_run, max_confidence=0.3)
    assert project.documents.ids(where) == []
    assert project.documents.ids(DocumentFilter(run_id=other, disagrees=True)) == [last]


def test_unknown_order_is_refused(project: Project) -> None:
    with pytest.raises(ValidationError, match="order"):
        project.documents.ids(DocumentFilter(order="random"))  # type: ignore[arg-type]


def test_questions_count_by_their_least_sure_prediction(tmp_path: Path) -> None:
    with Project.create(tmp_path / "qa.db", "qa") as project:
        project.import_records(
            [
                DocumentRecord("Paris is in France.", questions=[Question("a?"), Question("b?")]),
                DocumentRecord("Rome is in Italy.", questions=[Question("c?")]),
            ],
            Path("seed"),
        )
        first, second = project.documents.ids()
        questions = [q.id for q in project.documents.get(first).questions]
        (only,) = [q.id for q in project.documents.get(second).questions]
        run = project.runs.start({}, {}, "cpu", 1)
        answer = payload_from_json({"start": 0, "end": 5, "text": "Paris", "no_answer": False})
        project.runs.replace_predictions(
            run,
            [
                Prediction(run, first, questions[0], answer, 0.95, None),
                Prediction(run, first, questions[1], answer, 0.3, None),
                Prediction(run, second, only, answer, 0.5, None),
            ],
        )
        where = DocumentFilter(run_id=run, order="uncertainty")
        assert project.documents.ids(where) == [first, second]
        low = DocumentFilter(run_id=run, max_confidence=0.4)
        assert project.documents.ids(low) == [first]


def test_model_filters_stay_fast_on_many_documents(tmp_path: Path) -> None:
    count = 20_000
    with Project.create(tmp_path / "big.db", "classification", ["pos", "neg"]) as project:
        project.import_records((DocumentRecord(f"doc {i}") for i in range(count)), Path("seed"))
        ids = project.documents.ids()
        run = project.runs.start({}, {}, "cpu", 0)
        project.runs.replace_predictions(
            run,
            (
                Prediction(run, i, None, _label("pos", c), c, i % 3 == 0)
                for i in ids
                for c in [(i * 7919 % 1000) / 1000]
            ),
        )
        began = time.perf_counter()
        for where in (
            DocumentFilter(run_id=run, order="uncertainty", status=Status.UNLABELED),
            DocumentFilter(run_id=run, disagrees=True),
            DocumentFilter(run_id=run, max_confidence=0.6),
        ):
            assert project.documents.ids(where)
        assert time.perf_counter() - began < 1.0  # 100k: ~0.4 s
