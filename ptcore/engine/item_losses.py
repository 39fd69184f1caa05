"""The model's loss on each evaluated item: how wrong it is about the gold annotation.

Evaluation lists the errors; sorting them by loss puts first the ones the model was most
sure of and got wrong. Each item's loss is the training loss (``TaskOutput.loss``) on its
own features, averaged over its windows: a document for classification and NER, a question
for QA.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import torch
from transformers.tokenization_utils_base import PreTrainedTokenizerBase

from ptcore.engine.model import PrefixTunedModel
from ptcore.engine.predictor import encode
from ptcore.engine.tasks.collate import collator_for
from ptcore.engine.tasks.ner import NerEncoding
from ptcore.engine.tasks.qa import QaEncoding
from ptcore.records import DocumentRecord

ItemKey = tuple[int, int | None]  # (the record's position, the question's index or None)


def item_losses(
    model: PrefixTunedModel,
    tokenizer: PreTrainedTokenizerBase,
    records: Sequence[DocumentRecord],
    labels: list[str],
    max_length: int,
) -> dict[ItemKey, float]:
    """The mean loss of each item of ``records`` under its gold annotation."""
    features, encoding = encode(model.task, records, tokenizer, labels, max_length)
    collate = collator_for(model.task, tokenizer, pad_to_multiple_of=None)
    losses: dict[ItemKey, list[float]] = defaultdict(list)
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            for index, feature in enumerate(features):
                output = model(**collate([feature]))
                losses[_key(index, encoding)].append(float(output.loss))
    finally:
        model.train(was_training)
    return {key: sum(values) / len(values) for key, values in losses.items()}


def _key(index: int, encoding: Any) -> ItemKey:
    if isinstance(encoding, NerEncoding):
        return encoding.windows[index].doc_index, None
    if isinstance(encoding, QaEncoding):
        example = encoding.examples[encoding.windows[index].example_index]
        return example.doc_index, example.question_index
    return index, None  # classification: one feature per record
