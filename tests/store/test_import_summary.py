"""The import told as lines: the CLI prints each fact on its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.cli import main
from ptcore.store.project import Project

CONLL = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
"""


def test_cli_import_prints_one_fact_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Project.create(tmp_path / "n.db", "ner", ["PER", "ORG", "LOC"]).close()
    source = tmp_path / "a.conll"
    source.write_text(CONLL, encoding="utf-8")
    assert main(["import", str(tmp_path / "n.db"), str(source), "--add-labels"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Imported 3 documents, 5 annotations")
    assert "labels added: MISC" in lines
    assert "note: tag scheme: IOB2" in lines
