"""Hugging Face datasets JSON Lines export for every task."""

from __future__ import annotations

import json
from pathlib import Path

from ptcore.io.hf_jsonl import write_hf_jsonl
from ptcore.records import Answer, DocumentRecord, Question, Span, Split, Task


def written(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_classification_and_multilabel_skip_unlabeled(tmp_path: Path) -> None:
    records = [
        DocumentRecord("好 😀", labels=["pos"], labeled=True, split=Split.TRAIN),
        DocumentRecord("not yet"),
    ]
    assert write_hf_jsonl(records, tmp_path / "c.jsonl", Task.CLASSIFICATION) == 1
    assert written(tmp_path / "c.jsonl") == [{"text": "好 😀", "label": "pos", "split": "train"}]
    write_hf_jsonl(records, tmp_path / "m.jsonl", Task.MULTILABEL)
    assert written(tmp_path / "m.jsonl") == [{"text": "好 😀", "label": ["pos"], "split": "train"}]


def test_ner_tokens_and_iob2_tags(tmp_path: Path) -> None:
    record = DocumentRecord(
        "张三 visited New York 😀", entities=[Span(0, 2, "PER"), Span(11, 19, "LOC")], labeled=True
    )
    assert write_hf_jsonl([record], tmp_path / "n.jsonl", Task.NER) == 1
    assert written(tmp_path / "n.jsonl") == [
        {
            "tokens": ["张", "三", "visited", "New", "York", "😀"],
            "ner_tags": ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"],
        }
    ]


def test_qa_one_line_per_resolved_question(tmp_path: Path) -> None:
    record = DocumentRecord(
        "北京是首都",
        questions=[
            Question("首都？", [Answer(0, 2)], external_id="q1"),
            Question("?", no_answer=True),
            Question("open"),
        ],
    )
    assert write_hf_jsonl([record], tmp_path / "q.jsonl", Task.QA) == 1
    assert written(tmp_path / "q.jsonl") == [
        {
            "id": "q1",
            "title": "",
            "context": "北京是首都",
            "question": "首都？",
            "answers": {"text": ["北京"], "answer_start": [0]},
        },
        {
            "id": "1-2",
            "title": "",
            "context": "北京是首都",
            "question": "?",
            "answers": {"text": [], "answer_start": []},
        },
    ]
