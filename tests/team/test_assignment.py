"""next_document_for: each document goes to ``overlap`` annotators, never more, even when
several processes ask at once."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import pytest

from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Status
from ptcore.store.project import Project
from ptcore.team.assignment import next_document_for
from ptcore.team.state import team_state
from tests.team.conftest import team_project, texts

DOCUMENTS = 12


def test_overlap_is_respected_and_own_open_document_comes_first(tmp_path: Path) -> None:
    records = [
        *texts("One.", "Two.", "Three."),
        DocumentRecord("Done.", labels=["x"], labeled=True, line=4),
    ]
    path = team_project(tmp_path, "classification", ["x"], records)
    got: dict[str, list[int]] = {}
    for name in ("ann", "bob", "cat"):
        with Project(path, annotator=name) as project:
            first = next_document_for(project)
            assert first is not None
            assert next_document_for(project) == first  # unfinished: handed back, not a new one
            project.annotations.set_class_labels(first.id, ["x"])
            second = next_document_for(project)
            got[name] = [first.id, second.id if second else 0]
    assert got == {"ann": [1, 2], "bob": [1, 2], "cat": [3, 0]}  # document 4 came labelled
    with Project(path, annotator="cat") as project:
        project.annotations.set_status(3, Status.SKIPPED)
        assert next_document_for(project) is None
        state = team_state(project)
        assert state is not None
        assert [(p.annotator, p.done, p.open, p.skipped) for p in state.annotators] == [
            ("ann", 1, 1, 0),
            ("bob", 1, 1, 0),
            ("cat", 0, 0, 1),
        ]


def test_a_single_person_project_has_no_assignment(tmp_path: Path) -> None:
    path = tmp_path / "solo.db"
    Project.create(path, "ner").close()
    with Project(path) as project, pytest.raises(UserError, match="not a team project"):
        next_document_for(project)


def _annotate_until_done(path: str, annotator: str, queue) -> None:  # type: ignore[no-untyped-def]
    taken = []
    with Project(Path(path), annotator=annotator) as project:
        while (document := next_document_for(project)) is not None:
            project.annotations.set_class_labels(document.id, ["x"])
            taken.append(document.id)
    queue.put((annotator, taken))


def test_concurrent_annotators_never_exceed_the_overlap(tmp_path: Path) -> None:
    path = team_project(
        tmp_path, "classification", ["x"], texts(*(f"Text {i}." for i in range(DOCUMENTS)))
    )
    context = multiprocessing.get_context("spawn")  # each a fresh interpreter: sys.executable
    queue = context.Queue()
    names = [f"a{i}" for i in range(5)]
    workers = [
        context.Process(target=_annotate_until_done, args=(str(path), n, queue)) for n in names
    ]
    for worker in workers:
        worker.start()
    results = dict(queue.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    holders = Counter(document for taken in results.values() for document in taken)
    assert holders == Counter(dict.fromkeys(range(1, DOCUMENTS + 1), 2))
    assert all(len(set(taken)) == len(taken) for taken in results.values())
