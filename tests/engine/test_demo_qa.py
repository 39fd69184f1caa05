"""The QA demo's data: every training passage asks all six questions, each in one of two
wordings, so a model learns to read the question rather than its first words."""

from __future__ import annotations

from pathlib import Path

from ptcore.demo import demo_project
from ptcore.records import Split, Task
from ptcore.store.project import Project


def test_qa_demo_trains_on_every_question_in_two_wordings(tmp_path: Path) -> None:
    with Project(demo_project(Task.QA, tmp_path)) as project:
        records = [r for r in project.records() if r.questions[0].answers]  # labelled ones
    train = [r for r in records if r.split is Split.TRAIN]
    assert len(train) >= 60
    assert all(len(r.questions) == 6 for r in train)
    openings = {" ".join(q.text.split()[:2]) for r in train for q in r.questions}
    assert len(openings) >= 10  # one wording per question would give 6
    held_out = [r for r in records if r.split in (Split.DEV, Split.TEST)]
    assert all(len(r.questions) == 3 for r in held_out)


def test_qa_demo_dev_split_ranks_checkpoints_by_dozens_of_questions(tmp_path: Path) -> None:
    """Dev F1 is a mean over questions: with 45 of them one answer moves it ~2 points, so
    evaluations a few points apart are ranked by the model, not by one lucky answer."""
    with Project(demo_project(Task.QA, tmp_path)) as project:
        dev = [r for r in project.records() if r.split is Split.DEV and r.questions[0].answers]
    assert sum(len(r.questions) for r in dev) >= 40
