from __future__ import annotations

from pathlib import Path

import pytest

from ptcore.errors import ValidationError
from ptcore.records import DocumentRecord, Span
from ptcore.store.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "c.db", "multilabel", ["sport", "politics", "tech"])
    project.import_records(
        [
            DocumentRecord("match report", labels=["sport"], labeled=True),
            DocumentRecord("election and football", labels=["sport", "politics"], labeled=True),
            DocumentRecord("new phone", labels=["tech"], labeled=True),
        ],
        Path("seed"),
    )
    yield project
    project.close()


def _labels(project: Project) -> dict[str, tuple[str, ...]]:
    return {d.text: tuple(sorted(d.label_names)) for d in project.documents.all()}


def _id(project: Project, name: str) -> int:
    return next(label.id for label in project.labels.all() if label.name == name)


def test_new_labels_get_colours_shortcuts_and_order(project: Project) -> None:
    added = project.labels.add("  health ")
    assert (added.name, added.shortcut, added.position) == ("health", "4", 3)
    assert len({label.color for label in project.labels.all()}) == 4


@pytest.mark.parametrize(
    ("name", "message"), [("", "needs a name"), ("a,b", "commas"), ("sport", "already exists")]
)
def test_bad_label_names_are_refused(project: Project, name: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        project.labels.add(name)


def test_rename_keeps_annotations(project: Project) -> None:
    project.labels.rename(_id(project, "sport"), "sports")
    assert _labels(project)["match report"] == ("sports",)
    with pytest.raises(ValidationError, match="already exists"):
        project.labels.rename(_id(project, "sports"), "tech")


def test_recolour_reorder_and_shortcut(project: Project) -> None:
    tech = _id(project, "tech")
    project.labels.update(tech, color="#123456", shortcut="t")
    project.labels.reorder([tech, _id(project, "sport"), _id(project, "politics")])
    first = project.labels.all()[0]
    assert (first.name, first.color, first.shortcut) == ("tech", "#123456", "t")


def test_merge_moves_annotations_without_doubling(project: Project) -> None:
    project.labels.merge(_id(project, "politics"), _id(project, "sport"))
    assert _labels(project)["election and football"] == ("sport",)
    assert project.stats()["by_label"] == {"sport": 2, "tech": 1}


def test_delete_reports_usage_and_unlabels_emptied_documents(project: Project) -> None:
    sport = _id(project, "sport")
    assert project.labels.usage(sport) == 2
    assert project.labels.delete(sport) == 2
    statuses = {d.text: d.status for d in project.documents.all()}
    assert statuses == {
        "match report": "unlabeled",
        "election and football": "labeled",
        "new phone": "labeled",
    }


def test_delete_an_entity_label_removes_its_spans(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "n.db", "ner", ["PER", "LOC"])
    project.import_records(
        [
            DocumentRecord(
                "Ann in Oslo", entities=[Span(0, 3, "PER"), Span(7, 11, "LOC")], labeled=True
            )
        ],
        Path("seed"),
    )
    project.labels.delete(_id(project, "LOC"))
    assert [e.label for e in next(project.documents.all()).entities] == ["PER"]
    project.close()
