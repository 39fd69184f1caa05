from __future__ import annotations

from pathlib import Path

from ptcore.records import DocumentRecord
from ptcore.store.project import Project
from ptcore.team.state import set_team


def team_project(
    tmp_path: Path,
    task: str,
    labels: list[str],
    records: list[DocumentRecord],
    overlap: int = 2,
    gold_rule: str = "majority",
) -> Path:
    """A new team project file holding ``records`` (imported as the gold layer)."""
    path = tmp_path / f"{task}-team.db"
    with Project.create(path, task, labels) as project:
        project.import_records(records, Path("seed.jsonl"))
        set_team(project, overlap, gold_rule)
    return path


def texts(*texts: str) -> list[DocumentRecord]:
    return [DocumentRecord(text, line=i) for i, text in enumerate(texts, 1)]
