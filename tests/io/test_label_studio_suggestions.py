"""Label Studio predictions read as suggestions (never gold) and written back; the text
field chosen by the labelling config, by the export's ``source``, or by the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ptcore.errors import InputFileError, UserError
from ptcore.io import ImportReport, read_records, write_records
from ptcore.records import DocumentRecord, Span, Suggestion, Task
from tests.io.conftest import MakeFile

FIXTURES = Path(__file__).parent / "fixtures" / "label_studio"
MODEL = "bert-ner-v2"


def test_predictions_become_suggestions_beside_the_gold() -> None:
    report = ImportReport()
    first, second = read_records(FIXTURES / "predictions.json", Task.NER, report=report)
    assert (first.entities, first.labeled) == ([Span(0, 13, "PER")], True)
    assert first.suggestions == [
        Suggestion(MODEL, 0.69, entities=((Span(0, 13, "PER"), 0.95), (Span(22, 27, "LOC"), 0.69)))
    ]
    assert (second.entities, second.labeled) == ([], False)  # predictions alone are not gold
    assert second.suggestions == [Suggestion(MODEL, 0.9, entities=((Span(0, 6, "LOC"), 0.9),))]
    assert report.annotations == 1
    assert "2 tasks carry predictions: kept as model suggestions, not gold" in report.notes


def test_a_prediction_score_outside_0_to_1_is_refused(make_file: MakeFile) -> None:
    task = '[{"data": {"text": "ab"}, "predictions": [{"score": 7, "result": []}]}]'
    with pytest.raises(InputFileError, match='task 1: "score" must be a number from 0 to 1'):
        list(read_records(make_file("a.json", task), Task.NER))


def test_written_predictions_carry_model_version_and_scores(tmp_path: Path) -> None:
    records = list(read_records(FIXTURES / "predictions.json", Task.NER))
    write_records(records, tmp_path / "out.json", Task.NER, "label-studio")
    back = list(read_records(tmp_path / "out.json", Task.NER))
    assert [fields(r) for r in back] == [fields(r) for r in records]
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert '"model_version": "bert-ner-v2", "score": 0.69' in text
    assert '"score": 0.95' in text


def fields(record: DocumentRecord) -> tuple[object, ...]:
    return (record.text, record.entities, record.labeled, record.external_id, record.suggestions)


def test_the_labelling_config_names_the_text_field() -> None:
    path, config = FIXTURES / "reviews_titled.json", FIXTURES / "reviews_config.xml"
    (record,) = read_records(path, Task.CLASSIFICATION, label_config=config)
    assert (record.text, record.labels) == ("Screen died in a day.", ["Negative"])


def test_the_exports_source_names_the_text_field_without_a_config() -> None:
    (record,) = read_records(FIXTURES / "reviews_titled.json", Task.CLASSIFICATION)
    assert record.text == "Screen died in a day."


def test_text_field_and_config_must_agree() -> None:
    config = FIXTURES / "reviews_config.xml"
    with pytest.raises(UserError, match=r'--text-field "title" differs .* "\$reviewText"'):
        path = FIXTURES / "reviews_titled.json"
        list(read_records(path, "classification", text_field="title", label_config=config))


def test_a_dialogue_is_one_line_per_utterance() -> None:
    config = FIXTURES / "dialogs_config.xml"
    (record,) = read_records(FIXTURES / "dialogs.json", Task.CLASSIFICATION, label_config=config)
    assert record.text == "Customer: My order never came.\nAgent: Sorry, let me check."
    assert record.labels == ["complaint"]


def test_a_dialogue_without_the_config_asks_for_the_field() -> None:
    with pytest.raises(InputFileError, match="--text-field or --label-config"):
        list(read_records(FIXTURES / "dialogs.json", Task.CLASSIFICATION))
    (record,) = read_records(FIXTURES / "dialogs.json", Task.CLASSIFICATION, text_field="dialogs")
    assert record.text.startswith("Customer: My order")


def test_a_config_without_a_text_tag_is_refused(make_file: MakeFile) -> None:
    config = make_file("config.xml", '<View><Image name="i" value="$image"/></View>')
    with pytest.raises(InputFileError, match='expected one <Text value="\\$field"/> object tag'):
        list(read_records(FIXTURES / "dialogs.json", Task.CLASSIFICATION, label_config=config))


def test_a_broken_config_names_its_line(make_file: MakeFile) -> None:
    config = make_file("config.xml", "<View>\n<Text name='t' value='$text'>\n</View>")
    with pytest.raises(InputFileError) as caught:
        list(read_records(FIXTURES / "dialogs.json", Task.CLASSIFICATION, label_config=config))
    assert (caught.value.line, caught.value.path) == (3, str(config))


def test_suggestions_a_project_cannot_keep_stop_the_import(make_file: MakeFile) -> None:
    choice = {"type": "choices", "value": {"choices": ["pos"]}}
    task = {"data": {"text": "ok"}, "predictions": [{"model_version": "m", "result": [choice]}]}
    path = make_file("a.json", json.dumps([task]))
    with pytest.raises(InputFileError, match="task 1: has suggested labels \\(m\\), but a ner"):
        list(read_records(path, Task.NER))
