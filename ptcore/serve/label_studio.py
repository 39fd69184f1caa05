"""Label Studio's side of the ML-backend protocol: its labeling config in, its predictions out.

Label Studio posts its project's labeling config (XML) to ``/setup`` and with every
``/predict``; we find the control that fits the model (``Choices`` for classification,
``Labels`` for NER), the object it annotates (``<Text name="text" value="$text"/>``: the task's
``data`` key) and the label values it allows. Predictions go back in Label Studio's format:
one ``{"result": [...], "score", "model_version"}`` per task. Span offsets are converted to
UTF-16 units, which is how Label Studio (JavaScript) counts characters.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from ptcore.api import Classification, Entities, MultiLabel, Result
from ptcore.errors import UserError
from ptcore.records import Task
from ptcore.text_offsets import OffsetMap

CONTROLS = {Task.CLASSIFICATION: "Choices", Task.MULTILABEL: "Choices", Task.NER: "Labels"}
OPTIONS = {"Choices": "Choice", "Labels": "Label"}


@dataclass(frozen=True)
class Control:
    """The control a model fills: its name, the object's name and data key, allowed values."""

    kind: str
    from_name: str
    to_name: str
    data_key: str
    values: tuple[str, ...]


def find_control(config: str, task: Task) -> Control:
    """The config's control for ``task``, or a UserError saying what the config lacks."""
    if task not in CONTROLS:
        raise UserError(
            f"a {task.value} model has no Label Studio control; use /predict with texts"
        )
    try:
        root = ElementTree.fromstring(config)
    except ElementTree.ParseError as error:
        raise UserError(f"the labeling config is not valid XML: {error}") from None
    kind = CONTROLS[task]
    for control in root.iter(kind):
        to_name = control.get("toName", "").split(",")[0]
        key = _data_key(root, to_name)
        if control.get("name") and key:
            values = tuple(o.get("value", "") for o in control.iter(OPTIONS[kind]))
            return Control(kind, control.get("name", ""), to_name, key, values)
    raise UserError(
        f"the labeling config has no <{kind}> tag on a text object (name, toName and an object "
        f'with value="$field"), which a {task.value} model needs'
    )


def _data_key(root: ElementTree.Element, name: str) -> str:
    """The task data key (``$text`` -> ``text``) of the object tag called ``name``."""
    for element in root.iter():
        value = element.get("value", "")
        if element.get("name") == name and value.startswith("$"):
            return value[1:]
    return ""


def task_text(task: Any, control: Control, number: int) -> str:
    """The text of one Label Studio task, or a UserError naming the task."""
    data = task.get("data") if isinstance(task, dict) else None
    text = data.get(control.data_key) if isinstance(data, dict) else None
    if not isinstance(text, str):
        raise UserError(f"task {number}: data.{control.data_key} must be a text")
    return text


def prediction(result: Result, text: str, control: Control, version: str) -> dict[str, Any]:
    """One task's prediction in Label Studio's format."""
    return {
        "result": _regions(result, text, control),
        "score": _score(result),
        "model_version": version,
    }


def _score(result: Result) -> float:
    return float(getattr(result, "confidence", 0.0))


def _regions(result: Result, text: str, control: Control) -> list[dict[str, Any]]:
    names = {"from_name": control.from_name, "to_name": control.to_name}
    allowed = set(control.values)
    if isinstance(result, Classification | MultiLabel):
        chosen = [result.label] if isinstance(result, Classification) else result.labels
        chosen = [c for c in chosen if not allowed or c in allowed]
        value = {"choices": chosen}
        return [{**names, "type": "choices", "value": value}] if chosen else []
    assert isinstance(result, Entities)
    offsets = OffsetMap(text)
    return [
        {
            "id": f"ptcore-{index}",
            **names,
            "type": "labels",
            "value": {
                "start": offsets.to_utf16(entity.start),
                "end": offsets.to_utf16(entity.end),
                "text": entity.text,
                "labels": [entity.label],
            },
            "score": entity.score,
        }
        for index, entity in enumerate(result.entities)
        if not allowed or entity.label in allowed
    ]
