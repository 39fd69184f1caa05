"""NER encoding tokenizes a document that fits one window once, and gives the same windows as
tokenizing each window on its own."""

from __future__ import annotations

from typing import Any

from ptcore.engine.tasks.iob import bio_tags
from ptcore.engine.tasks.ner import encode_ner
from ptcore.records import DocumentRecord
from tests.tiny import make_tokenizer

TAGS = bio_tags(["PER", "LOC"])
SHORT = ["john visited paris", "mary", ""]
LONG = " ".join(["john visited paris with mary"] * 12)


class Counting:
    """A tokenizer that counts the texts (word lists) it is asked to encode."""

    def __init__(self) -> None:
        self.inner, self.texts = make_tokenizer(), 0

    def __call__(self, texts: list[list[str]], **options: Any) -> Any:
        self.texts += len(texts)
        return self.inner(texts, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_short_documents_are_tokenized_once() -> None:
    tokenizer = Counting()
    encode_ner([DocumentRecord(t) for t in SHORT], tokenizer, TAGS, max_length=32)  # type: ignore[arg-type]
    assert tokenizer.texts == len(SHORT)


def test_windows_equal_each_window_tokenized_alone() -> None:
    tokenizer = make_tokenizer()
    records = [DocumentRecord(t) for t in [*SHORT, LONG, "x" * 200]]
    found = encode_ner(records, tokenizer, TAGS, max_length=16, stride=4, with_labels=False)
    assert len(found.windows) > len(records)  # the long document is windowed
    for feature, window in zip(found.features, found.windows, strict=True):
        words = [
            records[window.doc_index].text[w.start : w.end] for w in found.words[window.doc_index]
        ]
        first = min((w for w in window.word_ids if w is not None), default=0)
        last = max((w for w in window.word_ids if w is not None), default=-1)
        alone = tokenizer(
            words[first : last + 1], is_split_into_words=True, truncation=True, max_length=16
        )
        assert feature["input_ids"] == alone["input_ids"]
        assert len(feature["input_ids"]) <= 16
