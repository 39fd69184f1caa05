"""Which task data field holds the text: from the labelling config, the export, or the user.

A labelling config names it in its object tag, ``<Text name="text" value="$reviewText"/>``
(or ``HyperText``, or ``Paragraphs`` for dialogues,
https://labelstud.io/tags/text and https://labelstud.io/tags/paragraphs). An export
may name it too: results of Label Studio 1.0 carry ``"source": "$field"``. Without
either the user's ``--text-field`` decides, else ``text``, else the only string field.

A ``Paragraphs`` field is a list of utterances (``{"author": ..., "text": ...}``, the
keys named by ``nameKey``/``textKey``); its text is one ``author: text`` line each.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ptcore.errors import InputFileError, UserError
from ptcore.io.checks import require_text
from ptcore.io.text_io import Place, json_kind

OBJECT_TAGS = frozenset({"Text", "HyperText", "Paragraphs"})


@dataclass(frozen=True)
class TextSource:
    """The data field that holds the text; for dialogues, the utterances' two keys."""

    field: str
    name_key: str = "author"
    text_key: str = "text"


def read_label_config(path: Path) -> TextSource:
    """The one object tag's ``$field`` in a labelling config file."""
    try:
        root = ElementTree.fromstring(path.read_text(encoding="utf-8-sig"))
    except ElementTree.ParseError as error:
        line = error.position[0]
        raise InputFileError(path, line, f"not a labelling config: {error}") from None
    found = {
        element.get("value", "")[1:]: element
        for element in root.iter()
        if element.tag in OBJECT_TAGS and element.get("value", "").startswith("$")
    }
    if len(found) != 1:
        names = ", ".join(f"${name}" for name in found) or "none"
        raise InputFileError(
            path, None, f'expected one <Text value="$field"/> object tag, found {names}'
        )
    [(name, element)] = found.items()
    return TextSource(name, element.get("nameKey", "author"), element.get("textKey", "text"))


def chosen_source(config: TextSource | None, text_field: str | None) -> TextSource | None:
    """The config's field, or the user's; both given must agree."""
    if config and text_field and config.field != text_field:
        raise UserError(
            f'--text-field "{text_field}" differs from the labelling config\'s "${config.field}"'
        )
    return config or (TextSource(text_field) if text_field else None)


def field_in_results(task: dict[str, Any]) -> str | None:
    """The ``$field`` a result's ``source`` names, as Label Studio 1.0 exports wrote it."""
    for key in ("annotations", "completions", "predictions"):
        for item in task.get(key) or []:
            for result in (item.get("result") or []) if isinstance(item, dict) else []:
                source = result.get("source") if isinstance(result, dict) else None
                if isinstance(source, str) and source.startswith("$"):
                    return source[1:]
    return None


def guessed_field(data: dict[str, Any], place: Place) -> str:
    """``text``, or the only field holding text (a string, or a dialogue's utterances);
    several candidates need the user's choice."""
    if "text" in data:
        return "text"
    fields = [key for key, value in data.items() if isinstance(value, str) or _is_dialogue(value)]
    if len(fields) == 1:
        return fields[0]
    found = ", ".join(f'"{key}"' for key in data) or "none"
    raise place.error(
        f"cannot tell which task data field is the text (fields: {found}); "
        "name it with --text-field or --label-config"
    )


def _is_dialogue(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def text_of(data: dict[str, Any], source: TextSource, place: Place) -> str:
    """The field's text; a dialogue's utterances one ``author: text`` line each."""
    value = data.get(source.field)
    if isinstance(value, list):
        return "\n".join(_utterance(item, source, place) for item in value)
    return require_text(data, source.field, place)


def _utterance(item: Any, source: TextSource, place: Place) -> str:
    if not isinstance(item, dict) or not isinstance(item.get(source.text_key), str):
        raise place.error(
            f'each utterance of "{source.field}" must be an object with '
            f'"{source.text_key}" text, not {json_kind(item)}'
        )
    name, said = item.get(source.name_key), item[source.text_key]
    return f"{name}: {said}" if isinstance(name, str) and name else said
