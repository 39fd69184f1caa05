"""The predictions file the official SQuAD v1.1 and v2.0 scripts read: ``{id: answer}``.

Each question's first answer is the prediction, written as its text in the context;
a question marked unanswerable gets ``""``, which v2.0 scores as "no answer".
Questions without an id get the ids the SQuAD export gives them (``n-i``), so a file
exported and predicted here lines up. Export only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ptcore.io.text_io import open_output
from ptcore.records import DocumentRecord


def write_squad_predictions(records: Iterable[DocumentRecord], path: Path) -> int:
    predictions: dict[str, str] = {}
    count = 0
    for count, record in enumerate(records, start=1):
        for index, question in enumerate(record.questions, start=1):
            qid = question.external_id or f"{count}-{index}"
            first = question.answers[0] if question.answers and not question.no_answer else None
            predictions[qid] = record.text[first.start : first.end] if first else ""
    with open_output(path) as out:
        json.dump(predictions, out, ensure_ascii=False, indent=1)
    return count
