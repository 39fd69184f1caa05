"""The Python API: a trained model used from a script, outside the app.

    import ptcore
    model = ptcore.load_model("news.models/run-3")      # or an exported "news.onnx"
    model.predict(["Acme hired John Smith in Paris."])  # -> [Entities(...)]

``predict`` runs the engine's own predictor (length-sorted batches, the decoding thresholds
tuned on dev) and returns one typed result per input, built from the very payloads the project
stores and the GUI shows (``payload``). Offsets are Python ``str`` indices into the input text
(for QA: the context). torch loads on the first ``load_model``, not on ``import ptcore``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.payloads import EntitiesPayload, LabelPayload, LabelsPayload
from ptcore.records import DocumentRecord, Question, Task
from ptcore.store.payload_json import payload_to_json

DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True)
class Classification:
    """A single-label document: the chosen label and every label's probability."""

    label: str
    scores: dict[str, float]
    confidence: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class MultiLabel:
    """A multi-label document: the labels over the tuned threshold, and every probability."""

    labels: list[str]
    scores: dict[str, float]
    confidence: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class Entity:
    """One entity ``text[start:end]``; ``score`` is its least sure tag's probability."""

    start: int
    end: int
    label: str
    text: str
    score: float


@dataclass(frozen=True)
class Entities:
    """A document's entities, in text order."""

    entities: list[Entity]
    confidence: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class Answer:
    """The answer to one question, ``context[start:end]``, or ``no_answer``."""

    start: int
    end: int
    text: str
    no_answer: bool
    score: float
    payload: dict[str, Any]


Result = Classification | MultiLabel | Entities | Answer
Input = str | tuple[str, str]


class _Predicts(Protocol):
    """What both engine predictors (PyTorch, ONNX) offer."""

    @property
    def task(self) -> Task: ...

    @property
    def labels(self) -> list[str]: ...

    def predict(self, records: Sequence[DocumentRecord], batch_size: int | None = None) -> Any: ...


class Model:
    """A loaded model; ``predict`` labels texts (QA: ``(context, question)`` pairs)."""

    def __init__(self, predictor: _Predicts, source: Path) -> None:
        self.predictor, self.source = predictor, source

    @property
    def task(self) -> Task:
        return self.predictor.task

    @property
    def labels(self) -> list[str]:
        """Class names, or for NER the entity types (the head's BIO tags without B-/I-)."""
        return spec_for(self.task).label_names(self.predictor.labels)

    def predict(self, inputs: Sequence[Input], batch_size: int | None = None) -> list[Result]:
        """One result per input, in input order."""
        records = [self._record(item, number) for number, item in enumerate(inputs, start=1)]
        if not records:
            return []
        items = self.predictor.predict(records, batch_size)
        return [
            to_result(record.text, found[0]) for record, found in zip(records, items, strict=True)
        ]

    def _record(self, item: Input, number: int) -> DocumentRecord:
        """An input as the engine's record, or a UserError naming the bad one."""
        if spec_for(self.task).answers_questions:
            if not (isinstance(item, tuple | list) and len(item) == 2):
                raise UserError(f"input {number}: a QA model needs (context, question) pairs.")
            context, question = item
            _check_text(context, number)
            _check_text(question, number)
            return DocumentRecord(context, questions=[Question(question)], line=number)
        _check_text(item, number)
        assert isinstance(item, str)
        return DocumentRecord(item, line=number)


def _check_text(value: object, number: int) -> None:
    if not isinstance(value, str):
        raise UserError(f"input {number}: expected text, got {type(value).__name__}.")


def to_result(text: str, item: Any) -> Result:
    """The typed view of one prediction (``ItemPrediction``) of ``text``."""
    payload, confidence = item.payload, float(item.confidence)
    stored = payload_to_json(payload)
    if isinstance(payload, LabelPayload):
        return Classification(payload.label, dict(payload.probabilities), confidence, stored)
    if isinstance(payload, LabelsPayload):
        scores = dict(payload.probabilities)
        return MultiLabel(list(payload.labels), scores, confidence, stored)
    if isinstance(payload, EntitiesPayload):
        found = [
            Entity(e.start, e.end, e.label, text[e.start : e.end], float(e.confidence))
            for e in payload.entities
        ]
        return Entities(found, confidence, stored)
    return Answer(payload.start, payload.end, payload.text, payload.no_answer, confidence, stored)


def load_model(
    path: str | Path,
    base_model: str | Path | None = None,
    device: str = "cpu",
    batch_size: int = DEFAULT_BATCH_SIZE,
    quantize: bool = False,
) -> Model:
    """A saved model folder (``PROJECT.models/run-N``) on its backbone, or an exported
    ``.onnx`` graph. ``base_model`` points at the backbone if it moved; a different backbone
    is refused. ``device``: cpu, cuda, mps or auto (folders only). ``quantize``: int8 weights
    on the CPU, faster, but predictions can change (model folders only; ``engine/quantize.py``)."""
    source = Path(path)
    if source.suffix == ".onnx":
        from ptcore.engine.onnx_predictor import OnnxPredictor

        if quantize:
            raise UserError(f"{source}: int8 prediction (quantize) is for model folders only.")
        return Model(OnnxPredictor(source, batch_size), source)
    from ptcore.engine.backbone import resolve_device
    from ptcore.engine.predictor import Predictor

    if quantize and device not in ("cpu", "auto"):
        raise UserError(f"Int8 prediction (quantize) runs on the CPU only, not on {device}.")
    predictor = Predictor(source, batch_size, base_model, quantize)
    return Model(predictor.to(resolve_device("cpu" if quantize else device)), source)
