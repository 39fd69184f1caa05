"""CSV and TSV classification files: headers, column orders, labels, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.delimited import read_csv, read_tsv, write_csv, write_tsv
from ptcore.records import DocumentRecord, Split
from tests.io.conftest import MakeFile


def rows(records: list[DocumentRecord]) -> list[tuple[str, list[str], bool, int]]:
    return [(r.text, r.labels, r.labeled, r.line) for r in records]


def test_headerless_csv_extra_columns_are_more_labels(make_file: MakeFile) -> None:
    path = make_file("a.csv", 'I love it 😀,pos\n"Hello, world",pos,greeting\n只有文本\n')
    assert rows(list(read_csv(path))) == [
        ("I love it 😀", ["pos"], True, 1),
        ("Hello, world", ["pos", "greeting"], True, 2),
        ("只有文本", [], False, 3),
    ]


def test_a_header_is_detected_and_skipped_after_a_bom(make_file: MakeFile) -> None:
    path = make_file("a.csv", "\ufeffText,Label\n很好,pos\n")
    assert rows(list(read_csv(path))) == [("很好", ["pos"], True, 2)]


def test_header_may_put_the_label_first_and_labels_are_stripped(make_file: MakeFile) -> None:
    path = make_file("a.tsv", "label\ttext_a\n1\t好评\n    0\t差评\n")
    assert rows(list(read_tsv(path))) == [("好评", ["1"], True, 2), ("差评", ["0"], True, 3)]


def test_sst2_style_header_and_trailing_spaces_kept(make_file: MakeFile) -> None:
    path = make_file("a.tsv", "sentence\tlabel\nit 's a charming journey . \t1\n")
    assert rows(list(read_tsv(path))) == [("it 's a charming journey . ", ["1"], True, 2)]


def test_id_and_split_columns(make_file: MakeFile) -> None:
    path = make_file("a.csv", "id,split,text,label\n7,validation,fine,pos\n")
    (record,) = read_csv(path)
    assert (record.external_id, record.split, record.text) == ("7", Split.DEV, "fine")


def test_tsv_keeps_quotes_as_they_are(make_file: MakeFile) -> None:
    path = make_file("a.tsv", 'say "hi\tpos\n')
    assert [r.text for r in read_tsv(path)] == ['say "hi']


def test_a_quoted_cell_over_two_lines_keeps_its_starting_line(make_file: MakeFile) -> None:
    path = make_file("a.csv", 'text,label\n"line one\nline two",pos\nnext,neg\n')
    assert rows(list(read_csv(path))) == [
        ("line one\nline two", ["pos"], True, 2),
        ("next", ["neg"], True, 4),
    ]


def test_wrong_column_count_names_the_line(make_file: MakeFile) -> None:
    path = make_file("a.tsv", "label\ttext_a\n1\tgood\n0\n")
    with pytest.raises(InputFileError) as caught:
        list(read_tsv(path))
    assert caught.value.line == 3
    assert caught.value.problem == "expected 2 columns, found 1"


def test_too_many_columns_after_a_text_column_names_the_line(make_file: MakeFile) -> None:
    path = make_file("a.csv", "label,text\npos,good\npos,good,extra\n")
    with pytest.raises(InputFileError) as caught:
        list(read_csv(path))
    assert caught.value.line == 3


def test_an_empty_text_is_an_error(make_file: MakeFile) -> None:
    with pytest.raises(InputFileError) as caught:
        list(read_csv(make_file("a.csv", "ok,pos\n ,neg\n")))
    assert (caught.value.line, caught.value.problem) == (2, "the text is empty")


def test_an_unclosed_quote_names_the_line_it_opens_on(make_file: MakeFile) -> None:
    with pytest.raises(InputFileError) as caught:
        list(read_csv(make_file("a.csv", 'ok,pos\n"never closed,neg\nmore\n')))
    assert caught.value.line == 2
    assert "never closed" in caught.value.problem


def test_non_utf8_csv_names_the_line(make_file: MakeFile) -> None:
    path = make_file("a.csv", "text,label\nok,pos\n中文,neg\n", encoding="gbk")
    with pytest.raises(InputFileError) as caught:
        list(read_csv(path))
    assert caught.value.line == 3


def test_write_then_read_csv(tmp_path: Path) -> None:
    records = [
        DocumentRecord('He said "hi, 你好" 😀', labels=["pos", "greeting"], labeled=True),
        DocumentRecord("two\nlines", labels=["neg"], labeled=True),
        DocumentRecord("no label yet"),
    ]
    assert write_csv(records, tmp_path / "out.csv") == 3
    back = list(read_csv(tmp_path / "out.csv"))
    assert [(r.text, r.labels) for r in back] == [(r.text, r.labels) for r in records]


def test_write_tsv_flattens_tabs_and_line_breaks(tmp_path: Path) -> None:
    records = [DocumentRecord("a\tb\nc", labels=["x"], labeled=True)]
    write_tsv(records, tmp_path / "out.tsv")
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8") == "text\tlabel\na b c\tx\n"
