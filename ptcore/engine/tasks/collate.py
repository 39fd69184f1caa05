"""Which transformers collator pads each task's features dynamically, per batch.

Classification (int or multi-hot float ``labels``) and QA (``start_positions``/
``end_positions``) only pad the model inputs; NER also pads ``labels`` with -100.
The collators return torch tensors, so calling them needs torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transformers import DataCollatorForTokenClassification, DataCollatorWithPadding

from ptcore.engine.tasks.ner import IGNORE_INDEX
from ptcore.records import Task

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase


def collator_for(
    task: Task, tokenizer: PreTrainedTokenizerBase, pad_to_multiple_of: int | None = 8
) -> DataCollatorWithPadding | DataCollatorForTokenClassification:
    """A collator that pads a list of ``encode_*`` features into a batch of tensors."""
    if task is Task.NER:
        return DataCollatorForTokenClassification(
            tokenizer, pad_to_multiple_of=pad_to_multiple_of, label_pad_token_id=IGNORE_INDEX
        )
    return DataCollatorWithPadding(tokenizer, pad_to_multiple_of=pad_to_multiple_of)
