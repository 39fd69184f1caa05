"""Each evaluated item's loss: one per NER document and one per QA question, finite."""

from __future__ import annotations

import math
from pathlib import Path

from ptcore.engine.examples import head_labels
from ptcore.engine.item_losses import item_losses
from ptcore.records import Answer, Question, Task
from tests.engine.projects import ner_records, qa_records
from tests.tiny import make_backbone_dir, make_prefix_model


def test_ner_gives_one_loss_per_document(tmp_path: Path) -> None:
    tags = head_labels(Task.NER, ["PER", "LOC"])
    model, tokenizer = make_prefix_model(make_backbone_dir(tmp_path, "bert"), "ner", len(tags))
    records = ner_records(3)
    losses = item_losses(model, tokenizer, records, tags, 64)
    assert set(losses) == {(0, None), (1, None), (2, None)}
    assert all(math.isfinite(v) and v > 0 for v in losses.values())


def test_qa_gives_one_loss_per_question(tmp_path: Path) -> None:
    model, tokenizer = make_prefix_model(make_backbone_dir(tmp_path, "bert"), "qa", 0)
    records = qa_records(2)
    text = records[1].text
    start = text.index("bank")
    records[1].questions.append(Question("where does he work", [Answer(start, start + 4)]))
    losses = item_losses(model, tokenizer, records, [], 64)
    assert set(losses) == {(0, 0), (1, 0), (1, 1)}
    assert all(math.isfinite(v) and v > 0 for v in losses.values())
