"""Export for training with Hugging Face ``datasets``: JSON Lines per task.

Classification ``{"text", "label"}`` (a list for multi-label), NER ``{"tokens",
"ner_tags"}`` with IOB2 strings, QA one line per question as in ``qa_jsonl``. Only
annotated data is training data, so unlabeled documents and unanswered questions are
left out; ``id`` and ``split`` are written when known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ptcore.io.checks import with_id_and_split
from ptcore.io.qa_jsonl import qa_lines
from ptcore.io.tagging import tokens_and_tags
from ptcore.io.text_io import json_line, open_output
from ptcore.records import DocumentRecord, Task
from ptcore.task_shapes import shape_of


def write_hf_jsonl(records: Iterable[DocumentRecord], path: Path, task: Task) -> int:
    """Returns the number of documents that had something to write."""
    count = 0
    with open_output(path) as out:
        for record in records:
            lines = [json_line(item) for item in _items(record, task, count + 1)]
            out.writelines(lines)
            count += bool(lines)
    return count


def _items(record: DocumentRecord, task: Task, number: int) -> Iterator[dict[str, Any]]:
    shape = shape_of(task)
    if shape.questions:
        yield from qa_lines(record, number, answered_only=True)
    elif record.labeled and shape.spans:
        tokens, tags = tokens_and_tags(record.text, record.entities)
        yield with_id_and_split({"tokens": tokens, "ner_tags": tags}, record)
    elif record.labeled and shape.multi_label:
        yield with_id_and_split({"text": record.text, "label": record.labels}, record)
    elif record.labels:
        yield with_id_and_split({"text": record.text, "label": record.labels[0]}, record)
