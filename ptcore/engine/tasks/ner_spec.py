"""Named-entity recognition as a task: word-level IOB2 windows in, character spans out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ptcore.engine import metrics
from ptcore.engine.tasks.iob import OUTSIDE, bio_tags
from ptcore.engine.tasks.ner import NerEncoding, decode_ner_documents, encode_ner
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
from ptcore.payloads import EntitiesPayload
from ptcore.records import DocumentRecord, Span, Task

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

MAX_STRIDE = 64


class NerSpec(TaskSpec[EntitiesPayload]):
    task = Task.NER
    payload_type = EntitiesPayload
    headline_metric = "f1"
    summary_metrics = ("f1", "precision", "recall")
    min_labels = 1

    def head_labels(self, label_names: list[str]) -> list[str]:
        """``O`` and a B- and I- tag per entity type."""
        return bio_tags(label_names)

    def label_names(self, head_labels: list[str]) -> list[str]:
        return list(dict.fromkeys(tag[2:] for tag in head_labels if tag != OUTSIDE))

    def check_training(self, train: list[DocumentRecord]) -> None:
        if not any(r.entities for r in train):
            raise UserError("No entities are marked in the training documents; mark some first.")

    def encode(
        self,
        records: Sequence[DocumentRecord],
        tokenizer: PreTrainedTokenizerBase,
        labels: list[str],
        max_length: int,
        with_labels: bool = True,
    ) -> tuple[Features, Encoding]:
        """Windows overlapping by a quarter of ``max_length`` (at most 64 sub-tokens)."""
        stride = min(MAX_STRIDE, max(1, max_length // 4))
        ner = encode_ner(
            records,
            tokenizer,
            labels,
            max_length=max_length,
            stride=stride,
            with_labels=with_labels,
        )
        return ner.features, ner

    def decode(
        self, raw: RawOutput, labels: list[str], decoding: Decoding
    ) -> list[list[ItemPrediction]]:
        assert isinstance(raw.encoding, NerEncoding)
        return [
            [ItemPrediction(EntitiesPayload(tuple(spans)), confidence)]
            for spans, confidence in decode_ner_documents(raw.encoding, raw.logits, labels)
        ]

    def score(
        self, records: list[DocumentRecord], items: list[list[ItemPrediction]], labels: list[str]
    ) -> dict[str, Any]:
        predicted = [
            [e.as_span() for e in payload_of(i[0], EntitiesPayload).entities] for i in items
        ]
        gold = [r.entities for r in records]
        return metrics.ner_metrics([r.text for r in records], gold, predicted)

    def differs(
        self, gold: DocumentRecord, payload: EntitiesPayload, question_index: int | None
    ) -> bool:
        """Any entity missed, added, moved or typed otherwise."""
        return set(gold.entities) != {e.as_span() for e in payload.entities}

    def cell(self, payloads: Sequence[EntitiesPayload], long: bool = False) -> str:
        """ "2 PER · 1 LOC"; ``long``: each entity with its offsets and confidence."""
        if not payloads:
            return ""
        entities = payloads[0].entities
        if long:
            rows = [f"{e.label} [{e.start}, {e.end}) {e.confidence:.2f}" for e in entities]
            return "\n".join(rows) or "No entities"
        return entity_counts(e.label for e in entities)

    def error_cells(
        self, gold: DocumentRecord, payload: EntitiesPayload, question_index: int | None
    ) -> tuple[Described, Described]:
        predicted = [e.as_span() for e in payload.entities]
        return quoted_entities(gold.text, gold.entities), quoted_entities(gold.text, predicted)

    def line(self, payload: EntitiesPayload, text: str) -> str:
        spans = [f"{e.label} {text[e.start : e.end]!r}" for e in payload.entities]
        return ", ".join(spans) or "no entities"

    def apply(self, record: DocumentRecord, items: list[ItemPrediction]) -> DocumentRecord:
        record.labeled = True
        record.entities = [e.as_span() for e in payload_of(items[0], EntitiesPayload).entities]
        return record


def entity_counts(labels: Iterable[str]) -> str:
    """ "2 PER · 1 LOC": what the model found, most frequent type first ("none" if nothing)."""
    counts = Counter(labels).most_common()
    return " · ".join(f"{count} {label}" for label, count in counts) or "none"


def quoted_entities(text: str, spans: Iterable[Span]) -> Described:
    """Each entity as its text and type ("Paris" LOC); the offsets go to the tooltip."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label))
    if not ordered:
        return "(none)", "No entities"
    quoted = [f'"{" ".join(text[s.start : s.end].split())}" {s.label}' for s in ordered]
    tip = [
        f"{shown}: characters {s.start}–{s.end}" for shown, s in zip(quoted, ordered, strict=True)
    ]
    return ", ".join(quoted), "\n".join(tip)
