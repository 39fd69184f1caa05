"""Label Studio predictions stored as an imported run: shown as suggestions, never gold,
and written back out with their model version and scores."""

from __future__ import annotations

import json
from pathlib import Path

from app.editors.suggestions import entity_suggestions
from app.training.active import shown_run
from ptcore.cli import main
from ptcore.exporting import export_records
from ptcore.import_summary import import_lines
from ptcore.io import ImportReport, read_records
from ptcore.records import Span, Task
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

FIXTURE = Path(__file__).parents[1] / "io" / "fixtures" / "label_studio" / "predictions.json"


def imported(tmp_path: Path) -> tuple[Project, list[str]]:
    project = Project.create(tmp_path / "ner.db", "ner", ["PER", "LOC"])
    report = ImportReport()
    records = read_records(FIXTURE, Task.NER, report=report)
    options = ImportOptions(tool=report.format, learned=report.learned)
    result = project.import_records(records, FIXTURE, options)
    return project, import_lines(result, report)


def test_predictions_are_a_run_of_their_own_and_never_gold(tmp_path: Path) -> None:
    project, lines = imported(tmp_path)
    with project:
        first, second = (project.documents.get(i) for i in (1, 2))
        assert [(e.start, e.end, e.label) for e in first.entities] == [(0, 13, "PER")]
        assert (second.entities, second.status) == ((), "unlabeled")
        (run,) = project.runs.all()
        assert run.status == "imported" and run.model_dir == ""
        assert run.settings == {
            "imported_from": "label-studio",
            "model_version": "bert-ner-v2",
            "file": "predictions.json",
        }
        assert project.stats()["annotations"] == 1
        assert "suggestions: 2 model predictions kept as run 1" in "\n".join(lines)


def test_the_gui_shows_them_as_suggestions(tmp_path: Path) -> None:
    project, _ = imported(tmp_path)
    with project:
        run_id = shown_run(project)
        assert run_id == project.runs.all()[0].id
        document = project.documents.get(1)
        predictions = project.runs.predictions(run_id, [document.id])
        assert predictions[0].disagrees is True  # the model also found Paris
        ghosts = entity_suggestions(predictions, document.entities)
        assert [(g.start, g.end, g.label, g.confidence) for g in ghosts] == [(22, 27, "LOC", 0.69)]
        assert [(e.start, e.end) for e in project.documents.get(1).entities] == [(0, 13)]


def test_label_studio_to_project_to_label_studio_keeps_annotations_and_predictions(
    tmp_path: Path,
) -> None:
    project, _ = imported(tmp_path)
    with project:
        export_records(project, project.records(), tmp_path / "out.json", "label-studio")
    again = list(read_records(tmp_path / "out.json", Task.NER))
    original = list(read_records(FIXTURE, Task.NER))
    key = [(r.text, r.entities, r.labeled, r.external_id, r.suggestions) for r in original]
    assert [(r.text, r.entities, r.labeled, r.external_id, r.suggestions) for r in again] == key
    task = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]
    assert task["predictions"][0]["model_version"] == "bert-ner-v2"
    assert [r["score"] for r in task["predictions"][0]["result"]] == [0.95, 0.69]


def test_the_cli_round_trip(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, out = tmp_path / "p.db", tmp_path / "out.json"
    assert main(["init", str(db), "--task", "ner", "--labels", "PER,LOC"]) == 0
    assert main(["import", str(db), str(FIXTURE)]) == 0
    assert "model predictions kept as run 1" in capsys.readouterr().out
    assert main(["export", str(db), str(out), "--format", "label-studio"]) == 0
    back = list(read_records(out, Task.NER))
    assert back[1].suggestions[0].entities == ((Span(0, 6, "LOC"), 0.9),)


def test_a_pinned_run_stays_shown(tmp_path: Path) -> None:
    with Project.create(tmp_path / "ner.db", "ner", ["PER", "LOC"]) as project:
        project.update_info(settings={"active_run": 42, "active_run_pinned": True})
        project.import_records(read_records(FIXTURE, Task.NER), FIXTURE)
        assert project.info().settings["active_run"] == 42
