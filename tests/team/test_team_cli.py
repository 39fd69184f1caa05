"""``ptcore team``, ``ptcore next`` and ``ptcore import --annotator``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.store.project import Project
from ptcore.team.by_annotator import annotations_by_annotator


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_team_next_and_annotator_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, texts, ann = tmp_path / "p.db", tmp_path / "texts.txt", tmp_path / "ann.jsonl"
    texts.write_text("John lives in Paris.\nMary is here.\n", encoding="utf-8")
    _run(capsys, "init", str(project), "--task", "ner", "--labels", "PER,LOC")
    _run(capsys, "import", str(project), str(texts))
    assert "single-person" in _run(capsys, "team", str(project))
    out = _run(capsys, "team", str(project), "--overlap", "2", "--gold-rule", "majority")
    assert "overlap: 2" in out and "needs review: 0 documents" in out
    assert _run(capsys, "next", str(project), "--annotator", "ann").startswith("1\tJohn lives")
    record = {"text": "John lives in Paris.", "entities": [[0, 4, "PER"]]}
    ann.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = _run(capsys, "import", str(project), str(ann), "--annotator", "ann")
    assert "ann's annotations of 1 documents" in out
    with Project(project) as opened:
        view = annotations_by_annotator(opened)[1]["ann"]
        assert [(e.start, e.end, e.label) for e in view.entities] == [(0, 4, "PER")]
        assert [e.label for e in opened.documents.gold(1).entities] == ["PER"]  # majority of 1
    state = json.loads(_run(capsys, "team", str(project), "--json"))
    assert state["annotators"] == [{"annotator": "ann", "done": 1, "skipped": 0, "open": 0}]
    nxt = json.loads(_run(capsys, "next", str(project), "--annotator", "ann", "--json"))
    assert nxt["id"] == 2 and nxt["annotator"] == "ann"
    assert main(["team", str(project), "--overlap", "0"]) == 1
    assert "whole number" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Not here.", "entities": []}) + "\n", encoding="utf-8")
    assert main(["import", str(project), str(bad), "--annotator", "bob"]) == 1
    assert "bad.jsonl, line 1: this text is not in the project" in capsys.readouterr().err
