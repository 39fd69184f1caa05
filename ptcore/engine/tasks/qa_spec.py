"""Extractive question answering as a task: one prediction per question, not per document."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ptcore.engine import metrics
from ptcore.engine.answer_scoring import answer_scores
from ptcore.engine.tasks.qa import QaEncoding, encode_qa
from ptcore.engine.tasks.qa_postprocess import (
    QaCandidates,
    collect_candidates,
    predict_answers,
    tune_null_threshold,
)
from ptcore.engine.tasks.spec import (
    Decoding,
    Described,
    Encoding,
    Features,
    ItemPrediction,
    RawOutput,
    TaskSpec,
    payload_of,
)
from ptcore.errors import UserError
from ptcore.payloads import AnswerPayload
from ptcore.records import Answer, DocumentRecord, Task

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

MAX_STRIDE = 128
MAX_QUESTION_LENGTH = 64
SNIPPET_CHARS = 40
NO_ANSWER_CELL = "∅ no answer"
NO_ANSWER = "(no answer)"


class QaSpec(TaskSpec[AnswerPayload]):
    task = Task.QA
    payload_type = AnswerPayload
    headline_metric = "f1"
    summary_metrics = ("exact_match", "f1")
    min_labels = 0
    answers_questions = True
    target_names = ("start_positions", "end_positions")

    def head_labels(self, label_names: list[str]) -> list[str]:
        """None: the head scores each token as an answer's start and end."""
        return []

    def head_size(self, num_labels: int) -> int:
        return 2

    def check_training(self, train: list[DocumentRecord]) -> None:
        if not any(q.answers for r in train for q in r.questions):
            raise UserError("No training question has an answer marked; answer some first.")

    def encode(
        self,
        records: Sequence[DocumentRecord],
        tokenizer: PreTrainedTokenizerBase,
        labels: list[str],
        max_length: int,
        with_labels: bool = True,
    ) -> tuple[Features, Encoding]:
        """Context windows overlapping by a quarter of ``max_length`` (at most 128 tokens)."""
        quarter = max(1, max_length // 4)
        qa = encode_qa(
            records,
            tokenizer,
            max_length=max_length,
            stride=min(MAX_STRIDE, quarter),
            max_question_length=min(MAX_QUESTION_LENGTH, quarter),
            with_labels=with_labels,
        )
        return qa.features, qa

    def decode(
        self, raw: RawOutput, labels: list[str], decoding: Decoding
    ) -> list[list[ItemPrediction]]:
        encoding = _encoding(raw)
        per_record: list[list[ItemPrediction]] = [[] for _ in raw.records]
        found = predict_answers(_candidates(raw), decoding.null_threshold) if raw.logits else []
        for example, answer in zip(encoding.examples, found, strict=True):
            payload = AnswerPayload(answer.start, answer.end, answer.text, answer.no_answer)
            item = ItemPrediction(payload, answer.confidence, example.question_index)
            per_record[example.doc_index].append(item)
        return per_record

    def tune(self, raw: RawOutput, labels: list[str], decoding: Decoding) -> Decoding:
        """The null threshold, when dev holds questions without an answer (else every
        question is answered)."""
        if not raw.logits:
            return decoding
        examples = _encoding(raw).examples
        if not any(e.no_answer for e in examples):
            return dataclasses.replace(decoding, null_threshold=math.inf)
        null = tune_null_threshold(_candidates(raw), [e.gold_texts() for e in examples])
        return dataclasses.replace(decoding, null_threshold=null)

    def score(
        self, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
    ) -> dict[str, Any]:
        predicted, golds = [], []
        for record, found in zip(records, items, strict=True):
            for item in found:
                question = record.questions[item.question_index or 0]
                answers = [] if question.no_answer else question.answers
                golds.append([record.text[a.start : a.end] for a in answers])
                predicted.append(payload_of(item, AnswerPayload).text)
        return metrics.qa_metrics(predicted, golds)

    def differs(
        self, gold: DocumentRecord, payload: AnswerPayload, question_index: int | None
    ) -> bool | None:
        """A wrong "no answer" either way, or an answer no gold answer matches exactly;
        None for a question nobody has answered yet."""
        question = gold.questions[question_index or 0]
        if question.no_answer:
            return not payload.no_answer
        if not question.answers:
            return None
        texts = [gold.text[a.start : a.end] for a in question.answers]
        return payload.no_answer or answer_scores(payload.text, texts)[0] < 1.0

    def cell(self, payloads: Sequence[AnswerPayload], long: bool = False) -> str:
        """Each question's answer, a snippet unless ``long``: "Paris | ∅ no answer"."""
        return " | ".join(_snippet(p, long) for p in payloads)

    def error_cells(
        self, gold: DocumentRecord, payload: AnswerPayload, question_index: int | None
    ) -> tuple[Described, Described]:
        asked = gold.questions[question_index or 0]
        answers = " | ".join(gold.text[a.start : a.end] for a in asked.answers)
        expected = NO_ANSWER if asked.no_answer else answers
        predicted = NO_ANSWER if payload.no_answer else payload.text
        return (expected, expected), (predicted, predicted)

    def line(self, payload: AnswerPayload, text: str) -> str:
        return "no answer" if payload.no_answer else repr(payload.text)

    def apply(self, record: DocumentRecord, items: list[ItemPrediction]) -> DocumentRecord:
        record.labeled = True
        for item in items:
            answer = payload_of(item, AnswerPayload)
            question = record.questions[item.question_index or 0]
            question.no_answer = answer.no_answer
            question.answers = _answers(answer)
        return record


def _answers(payload: AnswerPayload) -> list[Answer]:
    if payload.no_answer or payload.start is None or payload.end is None:
        return []
    return [Answer(payload.start, payload.end)]


def _encoding(raw: RawOutput) -> QaEncoding:
    assert isinstance(raw.encoding, QaEncoding)
    return raw.encoding


def _candidates(raw: RawOutput) -> list[QaCandidates]:
    """The n-best answer candidates of every question."""
    return collect_candidates(
        _encoding(raw), [x[:, 0] for x in raw.logits], [x[:, 1] for x in raw.logits]
    )


def _snippet(payload: AnswerPayload, long: bool) -> str:
    if payload.no_answer:
        return NO_ANSWER_CELL
    text = " ".join(payload.text.split())
    return text if long or len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"
