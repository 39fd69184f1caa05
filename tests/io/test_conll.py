"""CoNLL column files: schemes, English and Chinese text, the Weibo variant, IOB2 out."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import InputFileError
from ptcore.io.conll import read_conll, write_conll
from ptcore.io.report import ImportReport
from ptcore.records import DocumentRecord, Span
from tests.io.conftest import MakeFile

ENGLISH = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
"""


def entities(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.entities]


def read(path: Path) -> tuple[list[DocumentRecord], ImportReport]:
    report = ImportReport()
    return list(read_conll(path, report)), report


def test_english_iob2_with_docstart(make_file: MakeFile) -> None:
    records, report = read(make_file("a.conll", ENGLISH))
    assert [(r.text, r.line, r.labeled) for r in records] == [
        ("EU rejects German call", 3, True),
        ("Peter Blackburn", 8, True),
    ]
    assert entities(records[0]) == [("EU", "ORG"), ("German", "MISC")]
    assert entities(records[1]) == [("Peter Blackburn", "PER")]
    assert (report.scheme, report.notes, report.warnings) == ("IOB2", ["tag scheme: IOB2"], [])


def test_a_sentence_of_only_o_tags_is_labeled_with_no_entities(make_file: MakeFile) -> None:
    records, _ = read(make_file("a.conll", "Nothing O\nhere O\n"))
    assert (records[0].labeled, records[0].entities) == (True, [])


def test_iob1_is_detected_and_b_separates_neighbours(make_file: MakeFile) -> None:
    records, report = read(make_file("a.conll", "Paris I-LOC\nLondon B-LOC\nand O\nBob I-PER\n"))
    assert entities(records[0]) == [("Paris", "LOC"), ("London", "LOC"), ("Bob", "PER")]
    assert (report.scheme, report.warnings) == ("IOB1", [])


def test_bioes(make_file: MakeFile) -> None:
    text = "New B-LOC\nYork E-LOC\nis O\nbig O\nBob S-PER\n"
    records, report = read(make_file("a.bioes", text))
    assert entities(records[0]) == [("New York", "LOC"), ("Bob", "PER")]
    assert report.scheme == "BIOES"


def test_character_level_chinese_joins_every_character_without_spaces(make_file: MakeFile) -> None:
    text = "张 B-NAME\n三 E-NAME\n在 O\n北 B-LOC\n京 M-LOC\n市 E-LOC\n"
    text += "M B-EDU\nB M-EDU\nA E-EDU\n😀 O\n"
    records, report = read(make_file("a.bmes", text))
    assert records[0].text == "张三在北京市MBA😀"
    assert entities(records[0]) == [("张三", "NAME"), ("北京市", "LOC"), ("MBA", "EDU")]
    assert report.scheme == "BMES"


def test_stray_continuation_tags_start_an_entity_and_are_reported(make_file: MakeFile) -> None:
    records, report = read(make_file("a.conll", "Bob B-PER\nlikes O\nRome I-LOC\n"))
    assert entities(records[0]) == [("Bob", "PER"), ("Rome", "LOC")]
    assert report.scheme == "IOB2"
    assert report.warnings and report.warnings[0].startswith("1 tags continue an entity")


def test_weibo_tokens_lose_their_word_positions(make_file: MakeFile) -> None:
    text = (
        "我0\tO\n爱1\tO\n北0\tB-GPE.NAM\n京1\tI-GPE.NAM\ne0\tO\n11\tO\n\n��0\tO\n李0\tB-PER.NAM\n"
    )
    records, _ = read(make_file("weibo.train", text))
    assert [r.text for r in records] == ["我爱北京e1", "�� 李"]
    assert entities(records[0]) == [("北京", "GPE.NAM")]


def test_a_weibo_token_without_a_position_is_named(make_file: MakeFile) -> None:
    text = "我0\tO\n爱1\tO\n\n北\tB-GPE.NAM\n"
    with pytest.raises(InputFileError) as caught:
        read(make_file("weibo.train", text))
    assert caught.value.line == 4
    assert 'found "北"' in caught.value.problem


def test_plain_chinese_digits_are_not_mistaken_for_word_positions(make_file: MakeFile) -> None:
    records, _ = read(make_file("a.conll", "2 O\n0 O\n年 O\n"))
    assert records[0].text == "20年"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("EU NNP B-ORG\nrejects VBZ O\ncall O\n", 3, "expected 3 columns as on line 1, found 2"),
        ("EU B-ORG\n\nalone\n", 3, "expected a token and a tag, found one column"),
        ("EU B-ORG\nrejects X-FOO\n", 2, 'unknown tag "X-FOO"'),
        ("EU B-ORG\nrejects b-per\n", 2, 'unknown tag "b-per"'),
    ],
)
def test_problems_name_the_line(make_file: MakeFile, text: str, line: int, problem: str) -> None:
    with pytest.raises(InputFileError) as caught:
        read(make_file("a.conll", text))
    assert caught.value.line == line
    assert caught.value.problem.startswith(problem)


def test_write_iob2_and_read_back_the_same_tokens(tmp_path: Path, make_file: MakeFile) -> None:
    source = make_file("in.bmes", "张 B-NAME\n三 E-NAME\n爱 O\nNew B-LOC\nYork E-LOC\n😀 O\n")
    records, _ = read(source)
    assert write_conll(records, tmp_path / "out.conll") == 1
    written = (tmp_path / "out.conll").read_text(encoding="utf-8")
    assert written == "张 B-NAME\n三 I-NAME\n爱 O\nNew B-LOC\nYork I-LOC\n😀 O\n\n"
    again, report = read(tmp_path / "out.conll")
    assert [(r.text, r.entities) for r in again] == [(r.text, r.entities) for r in records]
    assert report.scheme == "IOB2"


def test_an_entity_edge_inside_a_word_splits_the_token(tmp_path: Path) -> None:
    record = DocumentRecord("Visit Paris.", entities=[Span(6, 11, "LOC")], labeled=True)
    write_conll([record], tmp_path / "out.conll")
    written = (tmp_path / "out.conll").read_text(encoding="utf-8")
    assert written == "Visit O\nParis B-LOC\n. O\n\n"


def test_character_level_sentence_round_trips_through_export(
    make_file: MakeFile, tmp_path: Path
) -> None:
    text = "看h O\nt O\nt O\np O\n北 B-LOC\n京 I-LOC\n".replace("看h O", "看 O\nh O")
    records, _ = read(make_file("a.conll", text))
    assert records[0].text == "看http北京"
    out = tmp_path / "out.conll"
    write_conll(records, out)
    again, _ = read(out)
    assert (again[0].text, entities(again[0])) == ("看http北京", [("北京", "LOC")])
