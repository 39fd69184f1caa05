"""Review writes gold that the rule no longer overwrites; stale writes are refused whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ptcore.db.team_models import ReviewRow
from ptcore.errors import ConflictError
from ptcore.store.project import Project
from ptcore.store.views import Entity
from ptcore.team.by_annotator import annotations_by_annotator
from ptcore.team.changes import changes_since, latest_counter
from ptcore.team.review import (
    accept_annotator_version,
    gold_version,
    needs_review,
    review_of,
    save_review,
)
from tests.team.conftest import team_project, texts

# On both engines (tests/conftest.py: each tmp_path/*.db a fresh database on the server).
pytestmark = pytest.mark.usefixtures("database_engine")


def _spans(document) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    return [(e.start, e.end, e.label) for e in document.entities]


def _disagreeing(tmp_path: Path) -> Path:
    path = team_project(tmp_path, "ner", ["PER", "LOC"], texts("John met Mary in Paris."))
    for name, label in (("ann", "PER"), ("bob", "LOC")):
        with Project(path, annotator=name) as project:
            project.annotations.add_entity(1, 0, 4, label)
    return path


def test_accepting_an_annotators_version_makes_it_gold_for_good(tmp_path: Path) -> None:
    path = _disagreeing(tmp_path)
    with Project(path, annotator="lead") as lead:
        assert needs_review(lead) == [1]
        version = gold_version(lead, 1)
        new = accept_annotator_version(lead, 1, "bob", version)
        assert new == version + 1 and _spans(lead.documents.gold(1)) == [(0, 4, "LOC")]
        review = review_of(lead, 1)
        assert review is not None and (review.reviewer, review.decision) == ("lead", "accepted:bob")
        assert needs_review(lead) == []
    with Project(path, annotator="ann") as ann:
        ann.annotations.add_entity(1, 17, 22, "LOC")  # the rule would change gold; review holds
    with Project(path, annotator="bob") as bob:
        bob.annotations.add_entity(1, 17, 22, "LOC")
        assert _spans(bob.documents.gold(1)) == [(0, 4, "LOC")]


def test_edited_review_is_validated_and_a_stale_one_refused(tmp_path: Path) -> None:
    path = _disagreeing(tmp_path)
    with Project(path, annotator="lead") as lead, Project(path, annotator="eve") as eve:
        read = gold_version(lead, 1)
        ann_version = annotations_by_annotator(lead)[1]["ann"]
        edited = replace(
            ann_version,
            entities=(Entity(0, 0, 4, "PER", "human"), Entity(0, 17, 22, "LOC", "human")),
        )
        save_review(eve, 1, edited, read)
        with pytest.raises(ConflictError, match="document 1 was changed by eve") as caught:
            save_review(lead, 1, ann_version, read)
        assert caught.value.document_id == 1 and caught.value.changed_by == "eve"
        assert _spans(lead.documents.gold(1)) == [(0, 4, "PER"), (17, 22, "LOC")]
        with lead.Session() as session:
            assert session.get_one(ReviewRow, 1).reviewer == "eve"


def test_stale_annotator_write_raises_conflict_and_changes_nothing(tmp_path: Path) -> None:
    path = team_project(tmp_path, "ner", ["PER", "LOC"], texts("John met Mary in Paris."))
    with Project(path, annotator="ann") as here, Project(path, annotator="ann") as there:
        start = latest_counter(here.Session)
        here.documents.get(1)
        there.documents.get(1)
        there.annotations.add_entity(1, 0, 4, "PER")
        with pytest.raises(ConflictError, match="Document 1 was changed by ann"):
            here.annotations.add_entity(1, 9, 13, "PER")
        assert _spans(here.documents.get(1)) == [(0, 4, "PER")]
        here.annotations.add_entity(1, 9, 13, "PER")  # after a reload the write goes through
        feed = changes_since(here.Session, start)
        assert feed.document_ids == {1} and feed.counter > start
        assert [c.layer for c in feed.changes] == ["annotator:ann", "gold"] * 2
        assert changes_since(here.Session, feed.counter).changes == ()
