"""Duplicates by policy: a corpus keeps its repeated sentences; a re-import adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.records import DocumentRecord, Span
from ptcore.store.duplicates import Dedupe
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project

CORPUS = [
    DocumentRecord("Reuters", entities=[Span(0, 7, "ORG")], labeled=True, line=1),
    DocumentRecord("Paris rocks", entities=[Span(0, 5, "LOC")], labeled=True, line=3),
    DocumentRecord("Reuters", entities=[Span(0, 7, "ORG")], labeled=True, line=5),
    DocumentRecord("Paris rocks", entities=[Span(0, 5, "PER")], labeled=True, line=7),
]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p.db", "ner", ["PER", "LOC", "ORG"])
    yield project
    project.close()


def test_repeated_sentences_of_a_corpus_are_all_kept(project: Project) -> None:
    result = project.import_records(CORPUS, Path("train.conll"))
    assert (result.documents, result.duplicates) == (4, 0)
    assert project.stats()["annotations"] == 4


def test_a_reimport_is_skipped_and_reported(project: Project) -> None:
    project.import_records(CORPUS, Path("train.conll"))
    again = project.import_records(CORPUS, Path("train.conll"))
    assert (again.documents, again.duplicates, again.duplicate_lines) == (0, 4, [1, 3, 5, 7])
    assert "4 duplicates skipped (same text and annotations as stored" in again.summary()
    assert project.stats()["documents"] == 4


def test_the_same_text_with_other_annotations_is_not_a_duplicate(project: Project) -> None:
    project.import_records(CORPUS[:1], Path("a.jsonl"))
    other = DocumentRecord("Reuters", entities=[Span(0, 7, "LOC")], labeled=True, line=1)
    result = project.import_records([other], Path("b.jsonl"))
    assert (result.documents, result.duplicates) == (1, 0)


def test_text_policy_skips_every_repeated_text(project: Project) -> None:
    result = project.import_records(CORPUS, Path("x"), ImportOptions(dedupe=Dedupe.TEXT))
    assert (result.documents, result.duplicate_lines) == (2, [5, 7])


def test_none_policy_keeps_a_reimport(project: Project) -> None:
    project.import_records(CORPUS, Path("x"))
    result = project.import_records(CORPUS, Path("x"), ImportOptions(dedupe=Dedupe.NONE))
    assert (result.documents, result.duplicates) == (4, 0)


SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
CONLL_VALID = SHARED_DATA / "conll2003" / "valid.txt"


@pytest.mark.skipif(not CONLL_VALID.is_file(), reason="needs ../shared/data beside the checkout")
def test_conll2003_valid_imports_every_sentence_and_round_trips(tmp_path: Path) -> None:
    from ptcore.io import read_records, write_records

    with Project.create(tmp_path / "c.db", "ner", []) as project:
        result = project.import_records(read_records(CONLL_VALID, "ner"), CONLL_VALID)
        assert (result.documents, result.annotations, result.duplicates) == (3250, 5942, 0)
        write_records(project.records(), tmp_path / "out.conll", "ner", "conll")
        stored = [(r.text, r.entities) for r in project.records()]
    again = [(r.text, r.entities) for r in read_records(tmp_path / "out.conll", "ner")]
    original = [(r.text, r.entities) for r in read_records(CONLL_VALID, "ner")]
    assert again == stored == original
