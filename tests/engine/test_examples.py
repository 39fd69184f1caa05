"""Which annotations a run learns from."""

from __future__ import annotations

from pathlib import Path

from ptcore.engine.examples import labeled_records
from ptcore.records import Answer, DocumentRecord, Question, Split
from ptcore.store.project import Project


def test_qa_trains_on_resolved_questions_of_half_done_contexts(tmp_path: Path) -> None:
    context = "Ada lives in Oslo and works in Bergen."
    half_done = DocumentRecord(
        context,
        questions=[
            Question("Where does Ada live?", [Answer(13, 17)]),
            Question("Where does Ada work?"),
            Question("What is her dog called?", no_answer=True),
        ],
        split=Split.TRAIN,
    )
    open_only = DocumentRecord(
        "Bo lives in Rome.", questions=[Question("Where?")], split=Split.TRAIN
    )
    with Project.create(tmp_path / "qa.db", "qa") as project:
        project.import_records([half_done, open_only], Path("seed"))
        assert project.stats()["labeled"] == 0
        (record,) = labeled_records(project, Split.TRAIN)
    assert record.text == context
    assert [q.text for q in record.questions] == ["Where does Ada live?", "What is her dog called?"]
