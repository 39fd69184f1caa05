"""Each task's ``TaskSpec``: its payload as the stored JSON, its list cell, when it disagrees
with gold, and its headline metric, with no model anywhere."""

from __future__ import annotations

import math

import pytest

from ptcore.engine.tasks.registry import label_spec_for, spec_for
from ptcore.engine.tasks.spec import Decoding, ItemPrediction, RawOutput
from ptcore.errors import UserError
from ptcore.payloads import (
    AnswerPayload,
    EntitiesPayload,
    LabelsPayload,
    PredictedSpan,
)
from ptcore.records import Answer, DocumentRecord, Question, Span, Task
from ptcore.store.payload_json import payload_from_json, payload_to_json

# The shapes every project has stored so far (see ptcore/store/payload_json.py).
STORED = {
    Task.CLASSIFICATION: {"label": "pos", "probabilities": {"pos": 0.93, "neg": 0.07}},
    Task.MULTILABEL: {"labels": ["pos", "movie"], "probabilities": {"pos": 0.9, "movie": 0.7}},
    Task.NER: {"entities": [[0, 4, "PER", 0.97], [15, 20, "LOC", 0.61]]},
    Task.QA: {"start": 0, "end": 5, "text": "Paris", "no_answer": False},
}
NO_ANSWER = {"start": None, "end": None, "text": "", "no_answer": True}
TEXT = "Anna flew from Paris to Rome."
ANNA, PARIS = Span(0, 4, "PER"), Span(15, 20, "LOC")


@pytest.mark.parametrize("task", list(Task))
def test_payload_round_trips_through_the_stored_json_shape(task: Task) -> None:
    payload = payload_from_json(STORED[task])
    assert isinstance(payload, spec_for(task).payload_type)
    assert payload_to_json(payload) == STORED[task]


def test_typed_payloads_store_as_the_shapes_projects_hold() -> None:
    entities = EntitiesPayload(
        (PredictedSpan(0, 4, "PER", 0.97), PredictedSpan(15, 20, "LOC", 0.61))
    )
    assert payload_to_json(entities) == STORED[Task.NER]
    assert (
        payload_to_json(LabelsPayload(("pos", "movie"), {"pos": 0.9, "movie": 0.7}))
        == (STORED[Task.MULTILABEL])
    )
    assert payload_to_json(AnswerPayload(None, None, "", True)) == NO_ANSWER
    assert payload_from_json(NO_ANSWER) == AnswerPayload(None, None, "", True)


def test_a_stored_shape_of_no_task_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"keys \['score'\] matches no task"):
        payload_from_json({"score": 1.0})


def test_each_task_names_its_headline_metric() -> None:
    values = {"accuracy": 0.9, "macro_f1": 0.8, "micro_f1": 0.7, "f1": 0.6, "exact_match": 0.5}
    assert {task: spec_for(task).headline(values) for task in Task} == {
        Task.CLASSIFICATION: 0.9,
        Task.MULTILABEL: 0.8,
        Task.NER: 0.6,
        Task.QA: 0.6,
    }
    assert spec_for("qa").summary(values) == "exact_match 0.500, f1 0.600"
    assert spec_for("ner").summary({}) == "no metrics"


def test_list_cells_say_what_was_predicted() -> None:
    def cell(task: Task, *shapes: dict, long: bool = False) -> str:  # type: ignore[type-arg]
        return spec_for(task).cell([payload_from_json(s) for s in shapes], long)

    assert cell(Task.CLASSIFICATION, STORED[Task.CLASSIFICATION]) == "pos"
    assert cell(Task.MULTILABEL, STORED[Task.MULTILABEL]) == "pos, movie"
    assert cell(Task.MULTILABEL, {"labels": [], "probabilities": {"pos": 0.2}}) == "(none)"
    three = {"entities": [[0, 4, "PER", 0.9], [15, 20, "LOC", 0.8], [24, 28, "LOC", 0.7]]}
    assert cell(Task.NER, three) == "2 LOC · 1 PER"
    assert cell(Task.NER, {"entities": []}) == "none"
    assert cell(Task.NER, STORED[Task.NER], long=True) == "PER [0, 4) 0.97\nLOC [15, 20) 0.61"
    assert cell(Task.QA, STORED[Task.QA], NO_ANSWER) == "Paris | ∅ no answer"
    long_answer = {**STORED[Task.QA], "text": "a very long answer " * 4}
    assert cell(Task.QA, long_answer).endswith("…") and len(cell(Task.QA, long_answer)) == 40
    assert all(spec_for(task).cell([]) == "" for task in Task)


def test_single_label_disagrees_when_the_gold_label_differs() -> None:
    spec, payload = spec_for(Task.CLASSIFICATION), payload_from_json(STORED[Task.CLASSIFICATION])
    assert spec.disagrees(DocumentRecord("x", ["neg"], labeled=True), payload) is True
    assert spec.disagrees(DocumentRecord("x", ["pos"], labeled=True), payload) is False
    assert spec.disagrees(DocumentRecord("x"), payload) is None  # no gold: no verdict
    assert label_spec_for(Task.CLASSIFICATION).labels_differ(["pos"], ["neg"])


def test_multilabel_disagrees_unless_the_label_sets_are_equal() -> None:
    spec, payload = spec_for(Task.MULTILABEL), payload_from_json(STORED[Task.MULTILABEL])
    assert spec.disagrees(DocumentRecord("x", ["pos"], labeled=True), payload) is True
    assert spec.disagrees(DocumentRecord("x", ["movie", "pos"], labeled=True), payload) is False
    assert spec.disagrees(DocumentRecord("x", [], labeled=True), payload) is True


def test_ner_disagrees_on_any_missed_moved_or_retyped_entity() -> None:
    spec, payload = spec_for(Task.NER), payload_from_json(STORED[Task.NER])
    assert (
        spec.disagrees(DocumentRecord(TEXT, entities=[ANNA, PARIS], labeled=True), payload) is False
    )
    assert spec.disagrees(DocumentRecord(TEXT, entities=[ANNA], labeled=True), payload) is True
    retyped = [ANNA, Span(15, 20, "ORG")]
    assert spec.disagrees(DocumentRecord(TEXT, entities=retyped, labeled=True), payload) is True


def test_qa_disagrees_per_question() -> None:
    spec = spec_for(Task.QA)
    paris, none = payload_from_json(STORED[Task.QA]), payload_from_json(NO_ANSWER)
    record = DocumentRecord(
        "Paris is in France.",
        questions=[Question("where?", [Answer(0, 5)]), Question("who?", no_answer=True)],
        labeled=True,
    )
    assert spec.disagrees(record, paris, 0) is False
    assert spec.disagrees(record, none, 0) is True
    assert spec.disagrees(record, none, 1) is False
    assert spec.disagrees(record, paris, 1) is True
    unanswered = DocumentRecord("Paris.", questions=[Question("where?")], labeled=True)
    assert spec.disagrees(unanswered, paris, 0) is None  # nobody answered it yet


def test_apply_writes_predictions_as_gold_annotations() -> None:
    ner = spec_for(Task.NER).apply(
        DocumentRecord(TEXT), [ItemPrediction(payload_from_json(STORED[Task.NER]), 0.6)]
    )
    assert ner.labeled and ner.entities == [ANNA, PARIS]
    record = DocumentRecord("Paris.", questions=[Question("where?"), Question("who?")])
    items = [
        ItemPrediction(payload_from_json(STORED[Task.QA]), 0.9, 0),
        ItemPrediction(payload_from_json(NO_ANSWER), 0.8, 1),
    ]
    qa = spec_for(Task.QA).apply(record, items)
    assert [(q.answers, q.no_answer) for q in qa.questions] == [([Answer(0, 5)], False), ([], True)]


def test_error_cells_and_loss_describe_a_mistake() -> None:
    gold = DocumentRecord(TEXT, entities=[ANNA, PARIS], labeled=True)
    wrong = payload_from_json({"entities": [[15, 20, "ORG", 0.6]]})
    expected, predicted = spec_for(Task.NER).error_cells(gold, wrong, None)
    assert expected == (
        '"Anna" PER, "Paris" LOC',
        '"Anna" PER: characters 0–4\n"Paris" LOC: characters 15–20',
    )
    assert predicted[0] == '"Paris" ORG' and spec_for(Task.NER).loss(gold, wrong) is None
    label = DocumentRecord("x", ["neg"], labeled=True)
    payload = payload_from_json(STORED[Task.CLASSIFICATION])
    assert spec_for(Task.CLASSIFICATION).loss(label, payload) == pytest.approx(-math.log(0.07))


def test_multilabel_keeps_its_threshold_without_dev_and_only_labels_have_label_specs() -> None:
    spec = label_spec_for(Task.MULTILABEL)
    decoding = Decoding(64, threshold=0.5)
    empty_dev = RawOutput(Task.MULTILABEL, [], [])
    assert spec.tune(empty_dev, ["pos"], decoding) == decoding  # nothing to tune on
    with pytest.raises(ValueError, match="not a classification task"):
        label_spec_for(Task.NER)


def test_each_task_shapes_its_model_head() -> None:
    ner, qa = spec_for(Task.NER), spec_for(Task.QA)
    tags = ner.head_labels(["PER", "LOC"])
    assert tags == ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    assert ner.label_names(tags) == ["LOC", "PER"] and ner.head_size(len(tags)) == 5
    assert qa.head_labels(["ignored"]) == [] and qa.head_size(0) == 2
    assert qa.target_names == ("start_positions", "end_positions") and qa.answers_questions
    assert [t for t in Task if spec_for(t).sentence_level] == [Task.CLASSIFICATION, Task.MULTILABEL]
    assert [spec_for(t).min_labels for t in Task] == [2, 1, 1, 0]


def test_training_data_without_anything_to_learn_is_refused_per_task() -> None:
    one_class = [DocumentRecord("a", ["pos"], labeled=True, line=1)] * 2
    with pytest.raises(UserError, match=r"same class \(pos\)"):
        spec_for(Task.CLASSIFICATION).check_training(one_class)
    with pytest.raises(UserError, match="No entities are marked"):
        spec_for(Task.NER).check_training([DocumentRecord("a", labeled=True)])
    with pytest.raises(UserError, match="No training question has an answer"):
        spec_for(Task.QA).check_training([DocumentRecord("a", questions=[Question("q?")])])
    spec_for(Task.MULTILABEL).check_training(one_class)  # one label is enough there
