"""``ptcore copy``: a project goes from a file to a PostgreSQL database and back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select

from ptcore.cli import main
from ptcore.db.location import MODELS_ENV, Location
from ptcore.db.models import Base
from ptcore.engine.runner import train_project
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Split
from ptcore.store import copying
from ptcore.store.copying import copy_project
from ptcore.store.project import Project
from tests.engine.projects import (
    backbone,
    fast_settings,
    ner_records,
    qa_records,
    sentiment_records,
)


def _records(task: str) -> tuple[list[str], list[DocumentRecord]]:
    if task == "ner":
        return ["PER", "LOC"], ner_records(24)
    if task == "qa":
        return [], qa_records(16)
    records = sentiment_records(16, 0, Split.TRAIN) + sentiment_records(8, 1, Split.DEV)
    return ["pos", "neg"], [*records, DocumentRecord("an unlabelled one", split=Split.TRAIN)]


def _trained(path: Path, task: str, models: Path) -> Path:
    """A project with two runs (one deleted, leaving a gap in the ids), metrics, predictions."""
    labels, records = _records(task)
    with Project.create(path, task, labels, base_model=str(backbone(models / "tiny"))) as project:
        project.import_records(records, Path("seed.jsonl"))
        settings = fast_settings(epochs=1)
        first = train_project(project, settings)
        assert project.runs.predictions(train_project(project, settings))
        project.delete_run(first)
    return path


def _rows(location: Location | Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in id order (the file's FTS index is derived from `documents`)."""
    engine = create_engine(Location.of(location).engine_url())
    try:
        with engine.connect() as connection:
            return {
                t.name: [tuple(r) for r in connection.execute(select(t).order_by(*t.primary_key))]
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("task", ["classification", "multilabel", "ner", "qa"])
def test_file_to_server_and_back_keeps_every_row(
    tmp_path: Path, fresh_database: str, task: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "server-models"))
    original = _trained(tmp_path / "a" / "p.db", task, tmp_path)
    copy_project(original, fresh_database)
    back = tmp_path / "b" / "p.db"  # same name: runs store "p.models/run-2" in both
    assert main(["copy", fresh_database, str(back)]) == 0
    rows = _rows(original)
    assert rows["documents"] and rows["predictions"] and rows["run_metrics"]
    assert _rows(back) == rows
    on_server = _rows(fresh_database)
    assert {name: len(r) for name, r in on_server.items()} == {n: len(r) for n, r in rows.items()}
    assert [r[0] for r in on_server["runs"]] == [2]  # run 1 was deleted: ids are kept
    with Project(fresh_database) as project:
        run = project.runs.get(2)
        assert project.model_folder(run) == (project.models_dir / "run-2").resolve()
        assert project.runs.start({}, {}, "CPU", 0) == 3  # the sequences continue after the ids
        before = len(project.documents.ids())
        project.import_records([DocumentRecord("a new one")], Path("more.jsonl"))
        assert project.documents.ids()[-1] == before + 1
    with Project(back) as project:
        assert project.model_folder(project.runs.get(2)).is_dir()


def test_copy_refuses_a_destination_that_is_not_new(tmp_path: Path, fresh_database: str) -> None:
    Project.create(tmp_path / "a.db", "ner", ["PER"]).close()
    Project.create(tmp_path / "b.db", "ner").close()
    with pytest.raises(UserError, match="already exists"):
        copy_project(tmp_path / "a.db", tmp_path / "b.db")
    copy_project(tmp_path / "a.db", fresh_database)
    with pytest.raises(UserError, match="is not empty"):
        copy_project(tmp_path / "b.db", fresh_database)
    assert _rows(fresh_database)["labels"] == _rows(tmp_path / "a.db")["labels"]


def test_a_failed_copy_leaves_the_destination_empty(
    tmp_path: Path, fresh_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.create(tmp_path / "a.db", "ner", ["PER", "LOC"]) as project:
        project.import_records(ner_records(5), Path("seed.jsonl"))

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(copying, "_reset_sequences", broken)
    with pytest.raises(OSError):
        copy_project(tmp_path / "a.db", fresh_database)
    engine = create_engine(Location.of(fresh_database).engine_url())
    assert inspect(engine).get_table_names() == []  # not even the tables
    engine.dispose()
    with pytest.raises(OSError):
        copy_project(tmp_path / "a.db", tmp_path / "b.db")
    assert not (tmp_path / "b.db").exists()
