"""QA projects import plain passages: paragraphs between blank lines, or one per line."""

from __future__ import annotations

from pathlib import Path

from ptcore.io.registry import ImportReport, detect_format, explain_format, read_records
from ptcore.store.project import Project


def _read(path: Path) -> tuple[list[tuple[str, int | None]], ImportReport]:
    report = ImportReport()
    records = [(r.text, r.line) for r in read_records(path, "qa", report=report)]
    return records, report


def test_paragraphs_separated_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("\nParis is in France.\nIt is big.\n\n\n长城位于中国。\n", encoding="utf-8")
    assert detect_format(path, "qa") == "passages"
    records, report = _read(path)
    assert records == [("Paris is in France.\nIt is big.", 2), ("长城位于中国。", 6)]
    assert report.notes == [
        "read as passages: a .txt file in a QA project: paragraphs separated by blank lines, "
        "or one passage per line if the file has no blank line",
        "passages: one per paragraph (separated by blank lines)",
    ]


def test_one_passage_per_line_without_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("First passage.\nSecond passage.\n", encoding="utf-8")
    records, report = _read(path)
    assert records == [("First passage.", 1), ("Second passage.", 2)]
    assert report.notes[-1] == "passages: one per line (the file has no blank line)"


def test_a_qa_project_imports_them(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("First passage.\n\nSecond passage.\n", encoding="utf-8")
    with Project.create(tmp_path / "qa.db", "qa", []) as project:
        result = project.import_records(read_records(path, "qa"), path)
        assert result.documents == 2
        texts = [project.documents.get(i).text for i in project.documents.ids()]
        assert texts == ["First passage.", "Second passage."]


def test_detection_says_why_and_other_tasks_keep_txt(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text("First passage.\n", encoding="utf-8")
    guess = explain_format(path, "qa")
    assert guess.name == "passages" and "QA project" in guess.reason
    assert detect_format(path, "classification") == "txt"
