"""Run status is an enum whose values are the stored strings: old project files read unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from ptcore.errors import ValidationError
from ptcore.store.project import Project
from ptcore.store.views import RunStatus


def test_the_stored_strings_are_the_ones_project_files_hold() -> None:
    assert [status.value for status in RunStatus] == [
        "running",
        "finished",
        "cancelled",
        "failed",
        "interrupted",
        "imported",  # another tool's predictions (issue 12)
    ]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("status", [RunStatus.FINISHED, RunStatus.CANCELLED, RunStatus.FAILED])
def test_a_finished_run_reads_back_as_its_status(tmp_path: Path, status: RunStatus) -> None:
    with Project.create(tmp_path / "p.db", "classification", ["a"]) as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
        assert project.runs.get(run_id).status is RunStatus.RUNNING
        project.runs.finish(run_id, status)
        run = project.runs.get(run_id)
    assert run.status is status
    assert _stored_status(project.path, run_id) == status.value


def test_a_status_written_as_a_plain_string_reads_as_the_enum(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", "classification", ["a"]) as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
        _set_stored_status(project, run_id, "finished")
        assert project.runs.get(run_id).status is RunStatus.FINISHED


def test_an_unknown_status_is_refused_by_name(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", "classification", ["a"]) as project:
        run_id = project.runs.start({}, {}, "CPU", 0)
        _set_stored_status(project, run_id, "paused")
        with pytest.raises(ValidationError, match=rf"Run {run_id} has the status 'paused'"):
            project.runs.get(run_id)


def _set_stored_status(project: Project, run_id: int, status: str) -> None:
    with project.Session() as session, session.begin():
        session.execute(
            text("UPDATE runs SET status = :status WHERE id = :id"),
            {"status": status, "id": run_id},
        )


def _stored_status(path: Path, run_id: int) -> str:
    with sqlite3.connect(path) as connection:
        (status,) = connection.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
    return str(status)
