"""Every store test runs on an SQLite file and on a PostgreSQL database (``database_engine``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.records import Answer, DocumentRecord, Question, Span
from ptcore.store.project import Project


@pytest.fixture(autouse=True)
def _on_each_engine(database_engine: str) -> str:
    return database_engine


@pytest.fixture
def ner_project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "ner.db", "ner", ["PER", "LOC"])
    project.import_records(
        [
            DocumentRecord(
                "John lives in Paris.", entities=[Span(0, 4, "PER")], labeled=True, line=1
            ),
            DocumentRecord("张三住在北京。😀", line=2),
        ],
        Path("seed.jsonl"),
    )
    yield project
    project.close()


@pytest.fixture
def qa_project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "qa.db", "qa")
    context = "Paris is the capital of France."
    project.import_records(
        [
            DocumentRecord(
                context, questions=[Question("What is the capital?", [Answer(0, 5)])], line=1
            )
        ],
        Path("seed.json"),
    )
    yield project
    project.close()
