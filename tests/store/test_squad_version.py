"""A SQuAD file's version is remembered in the project's settings and written back."""

from __future__ import annotations

import json
from pathlib import Path

from ptcore.exporting import export_records
from ptcore.io import ImportReport, read_records
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project


def squad(version: str, impossible: bool = False) -> dict[str, object]:
    qa = {"id": "q1", "question": "Who?", "answers": [{"text": "Ann", "answer_start": 0}]}
    if impossible:
        qa = {"id": "q1", "question": "Who?", "answers": [], "is_impossible": True}
    paragraph = {"context": "Ann ran.", "qas": [qa]}
    return {"version": version, "data": [{"title": "t", "paragraphs": [paragraph]}]}


def round_trip(tmp_path: Path, content: dict[str, object]) -> tuple[dict[str, object], str]:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(content), encoding="utf-8")
    with Project.create(tmp_path / "qa.db", "qa") as project:
        report = ImportReport()
        records = read_records(source, "qa", report=report)
        project.import_records(records, source, ImportOptions(learned=report.learned))
        export_records(project, project.records(), tmp_path / "out.json", "squad")
        remembered = project.info().settings["squad_version"]
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8")), remembered


def test_a_v2_file_without_unanswerable_questions_stays_v2(tmp_path: Path) -> None:
    exported, remembered = round_trip(tmp_path, squad("v2.0"))
    assert (exported["version"], remembered) == ("v2.0", "v2.0")
    assert exported["data"][0]["paragraphs"][0]["qas"][0]["is_impossible"] is False


def test_the_version_string_is_kept_as_written(tmp_path: Path) -> None:
    exported, _ = round_trip(tmp_path, squad("v1.1"))
    assert exported["version"] == "v1.1"
    assert "is_impossible" not in exported["data"][0]["paragraphs"][0]["qas"][0]


def test_a_version_that_cannot_hold_unanswerable_questions_becomes_v2(tmp_path: Path) -> None:
    exported, _ = round_trip(tmp_path, squad("1.1", impossible=True))
    assert exported["version"] == "v2.0"
