"""Labelling a file outside any project with a saved model (``predict --model``).

The output is JSON Lines with each prediction and its confidence (a score that is not a
finite number becomes null), or any labeled format ``ptcore.io`` writes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, TextIO

from ptcore.engine.decoding import ItemPrediction
from ptcore.engine.predictor import Predictor
from ptcore.engine.tasks.registry import spec_for
from ptcore.io.registry import read_records, write_records
from ptcore.records import DocumentRecord, Task
from ptcore.store.payload_json import payload_to_json
from ptcore.store.safe_output import atomic_output, check_target


def predict_file(
    model_dir: str | Path, file: str | Path, out: str | Path | TextIO, format: str | None = None
) -> int:
    """Label a file outside any project: JSON Lines with confidences, or ``format`` (ptcore.io)."""
    if isinstance(out, str | Path):
        check_target(Path(out))
    predictor = Predictor(model_dir)
    records = list(read_records(file, predictor.task))
    items = predictor.predict(records)
    if format:
        apply = [with_prediction(predictor.task, r, i) for r, i in zip(records, items, strict=True)]
        with atomic_output(Path(str(out))) as partial:
            return write_records(apply, partial, predictor.task, format)
    lines = [
        json.dumps(
            {"text": r.text, "predictions": [_jsonable(x) for x in i]},
            ensure_ascii=False,
            allow_nan=False,
        )
        for r, i in zip(records, items, strict=True)
    ]
    _write_lines(out, lines)
    return len(records)


def _jsonable(item: ItemPrediction) -> dict[str, Any]:
    """One prediction as valid JSON: a score that is not a finite number becomes null."""
    extra = {} if item.question_index is None else {"question": item.question_index}
    return finite({**payload_to_json(item.payload), "confidence": item.confidence, **extra})


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float inside it replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def _write_lines(out: str | Path | TextIO, lines: list[str]) -> None:
    if isinstance(out, str | Path):
        with atomic_output(Path(out)) as partial:
            partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        out.writelines(line + "\n" for line in lines)


def with_prediction(
    task: Task, record: DocumentRecord, items: list[ItemPrediction]
) -> DocumentRecord:
    """``record`` annotated with the model's predictions, for writing in a labeled format."""
    return spec_for(task).apply(record, items)
