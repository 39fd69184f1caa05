"""Label Studio's formats without a server: configs in, regions out, UTF-16 offsets."""

from __future__ import annotations

import pytest

from ptcore.api import Entities, Entity, MultiLabel
from ptcore.errors import UserError
from ptcore.records import Task
from ptcore.serve.label_studio import find_control, prediction


def test_labels_offsets_count_utf16_units_like_javascript() -> None:
    config = (
        '<View><Labels name="ner" toName="t"><Label value="PER"/></Labels>'
        '<Text name="t" value="$body"/></View>'
    )
    control = find_control(config, Task.NER)
    assert (control.from_name, control.to_name, control.data_key) == ("ner", "t", "body")
    text = "😀 met 张三 today"
    found = Entities([Entity(6, 8, "PER", "张三", 0.9), Entity(0, 1, "LOC", "😀", 0.8)], 0.8, {})
    [region] = prediction(found, text, control, "v1")["result"]  # LOC is not in the config
    assert region["value"] == {"start": 7, "end": 9, "text": "张三", "labels": ["PER"]}
    assert region["score"] == 0.9


def test_multilabel_choices_keep_only_configured_values() -> None:
    config = (
        '<View><Text name="x" value="$text"/><Choices name="c" toName="x" choice="multiple">'
        '<Choice value="a"/><Choice value="b"/></Choices></View>'
    )
    control = find_control(config, Task.MULTILABEL)
    result = MultiLabel(["a", "z"], {"a": 0.9, "z": 0.8}, 0.8, {})
    [region] = prediction(result, "text", control, "v1")["result"]
    assert region["value"] == {"choices": ["a"]} and region["type"] == "choices"


def test_a_config_without_the_control_is_refused() -> None:
    with pytest.raises(UserError, match="no <Labels> tag"):
        find_control('<View><Text name="t" value="$text"/></View>', Task.NER)
