"""YEDDA: [@text#Label*] gold and [$text#Label*] suggestions, read, written and round-tripped."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError, UserError
from ptcore.io import detect_format, read_records, write_records
from ptcore.records import DocumentRecord, Span, Suggestion, Task
from tests.io.conftest import MakeFile

NEWS = Path(__file__).parent / "fixtures" / "yedda" / "news.txt.ann"


def marked(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.entities]


def test_yedda_is_detected_from_its_marks_not_taken_for_brat() -> None:
    assert detect_format(NEWS, Task.NER) == "yedda"


def test_gold_marks_become_entities_and_recommendations_suggestions() -> None:
    first, second, plain, chinese = read_records(NEWS, Task.NER)
    assert first.text == "The Red Cross opened a clinic in Lima on Monday."
    assert marked(first) == [("Red Cross", "Organization"), ("Lima", "Location")]
    assert (first.labeled, first.suggestions, first.line) == (True, [], 1)
    assert marked(second) == [("María López", "Person")]
    assert second.labeled is False  # a recommendation awaits review
    [suggestion] = second.suggestions
    [(span, _)] = suggestion.entities
    assert (second.text[span.start : span.end], span.label) == ("Cusco", "Location")
    assert (plain.labeled, plain.entities) == (True, [])
    assert chinese.text == "北京的张伟说，C#sharp is hard."
    assert marked(chinese) == [("北京", "Location"), ("张伟", "Person"), ("C#sharp", "Language")]


def test_round_trip_is_byte_equal(tmp_path: Path) -> None:
    records = list(read_records(NEWS, Task.NER))
    write_records(records, tmp_path / "out.ann", Task.NER, "yedda")
    assert (tmp_path / "out.ann").read_text(encoding="utf-8") == NEWS.read_text(encoding="utf-8")


def test_a_suggestion_over_gold_is_left_out_of_the_written_marks(tmp_path: Path) -> None:
    suggested = Suggestion("m", 0.8, entities=((Span(0, 3, "PER"), 0.8), (Span(8, 11, "LOC"), 0.6)))
    record = DocumentRecord(
        "Ann and Rio", entities=[Span(0, 3, "PER")], labeled=True, suggestions=[suggested]
    )
    write_records([record], tmp_path / "a.ann", Task.NER, "yedda")
    assert (tmp_path / "a.ann").read_text(encoding="utf-8") == "[@Ann#PER*] and [$Rio#LOC*]\n"


def test_a_nested_mark_is_refused_with_its_line(make_file: MakeFile) -> None:
    path = make_file("a.txt.ann", "fine\n[@[@New#A*] York#B*] here\n")
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.NER))
    assert caught.value.line == 2 and "nests one mark in another" in caught.value.problem


def test_a_document_with_a_line_break_cannot_be_written(tmp_path: Path) -> None:
    record = DocumentRecord("two\nlines", external_id="d7")
    with pytest.raises(UserError, match="document d7 holds a line break"):
        write_records([record], tmp_path / "a.ann", Task.NER, "yedda")


def test_a_mark_cut_short_is_refused_with_its_line(make_file: MakeFile) -> None:
    path = make_file("a.txt.ann", "fine\nThe [@Red Cross#Organization*] opened a [@Broken#\n")
    with pytest.raises(InputFileError) as caught:
        list(read_records(path, Task.NER))
    assert caught.value.line == 2 and "never closes" in caught.value.problem
