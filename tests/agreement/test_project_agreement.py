"""project_agreement on a stored QA team project: shared questions, each annotator's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.agreement.of_project import project_agreement
from ptcore.records import DocumentRecord, Question
from ptcore.store.project import Project
from ptcore.team.settings import MAJORITY
from ptcore.team.state import set_team

CONTEXT = "The Eiffel Tower stands in Paris, France, since 1889."


def answer(path: Path, annotator: str, answers: list[str | None]) -> None:
    """The annotator answers the first questions in order (None: "no answer")."""
    with Project(path, annotator=annotator) as project:
        questions = project.documents.get(1).questions
        for question, text in zip(questions[: len(answers)], answers, strict=True):
            if text is None:
                project.annotations.set_no_answer(question.id, True)
            else:
                start = CONTEXT.index(text)
                project.annotations.add_answer(question.id, start, start + len(text))


def test_qa_answers_are_compared_question_by_question(tmp_path: Path) -> None:
    path = tmp_path / "qa.db"
    questions = [Question("Where?"), Question("Since when?"), Question("Who built it?")]
    with Project.create(path, "qa") as project:
        project.import_records([DocumentRecord(CONTEXT, questions=questions, line=1)], path)
        set_team(project, overlap=3, gold_rule=MAJORITY)
    answer(path, "ann", ["Paris", "1889", None])
    answer(path, "bob", ["Paris, France", "1889", None])
    answer(path, "cy", ["France", "1889"])  # one question open: not done, left out
    with Project(path) as project:
        report = project_agreement(project)
    assert report.annotators == ("ann", "bob") and report.compared == 1
    # Where?: "paris" vs "paris france" EM 0, F1 2/3; the others agree fully
    assert report.overall.values["exact_match"] == pytest.approx(2 / 3)
    assert report.overall.values["f1"] == pytest.approx((2 / 3 + 2) / 3)
    assert report.overall.items == 3
