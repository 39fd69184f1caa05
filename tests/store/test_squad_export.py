"""A SQuAD file through a project and out again keeps titles, every answer and its version."""

from __future__ import annotations

import json
from pathlib import Path

from ptcore.io import read_records, write_records
from ptcore.store.project import Project

MINI = Path(__file__).parents[1] / "io" / "fixtures" / "squad" / "dev-v1.1-mini.json"


def test_squad_v1_round_trip_through_a_project(tmp_path: Path) -> None:
    with Project.create(tmp_path / "qa.db", "qa", []) as project:
        project.import_records(read_records(MINI, "qa"), MINI)
        write_records(project.records(), tmp_path / "out.json", "qa", "squad")
    original = json.loads(MINI.read_text(encoding="utf-8"))
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported == original
