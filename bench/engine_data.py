"""The real datasets the engine benches train on, cut to bench sizes.

Everything is read through ``ptcore.io.read_records`` from ``../shared/data`` beside the
checkout (never copied into the repository; ``PTS_BENCH_DATA`` names another folder). Each
loader returns a ``TrainingData`` the trainer accepts as it is: train and dev records with
distinct ``line`` ids, the label names and the head's outputs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from itertools import islice

from bench.shared_data import DATA
from ptcore.engine.examples import TrainingData, head_labels
from ptcore.io import read_records
from ptcore.records import DocumentRecord, Split, Task

SQUAD = "squad_v1.1/dev-v1.1.articles-00-35.json"
CMRC = "cmrc2018/cmrc2018_trial.json"


def _read(name: str, task: Task) -> Iterable[DocumentRecord]:
    return read_records(DATA / name, task)


def _data(task: Task, train: list[DocumentRecord], dev: list[DocumentRecord]) -> TrainingData:
    """Renumber (train first, then dev) and name the labels the records use."""
    train = [_renumber(r, i, Split.TRAIN) for i, r in enumerate(train)]
    dev = [_renumber(r, len(train) + i, Split.DEV) for i, r in enumerate(dev)]
    names = sorted({label for r in train + dev for label in r.labels})
    names += sorted({s.label for r in train + dev for s in r.entities})
    return TrainingData(task, train, dev, names, head_labels(task, names))


def _renumber(record: DocumentRecord, index: int, split: Split) -> DocumentRecord:
    return dataclasses.replace(record, line=index + 1, split=split)


def ner(train_size: int, dev_size: int) -> TrainingData:
    """CoNLL-2003 English: the first sentences of train.txt, dev from valid.txt."""
    train = list(islice(_read("conll2003/train.txt", Task.NER), train_size))
    dev = list(islice(_read("conll2003/valid.txt", Task.NER), dev_size))
    return _data(Task.NER, train, dev)


def sst2(train_size: int, dev_size: int) -> TrainingData:
    """SST-2: the first rows of GLUE train.tsv, dev.tsv (872 rows) as dev."""
    train = list(islice(_read("sst2/train.tsv", Task.CLASSIFICATION), train_size))
    dev = list(islice(_read("sst2/dev.tsv", Task.CLASSIFICATION), dev_size))
    return _data(Task.CLASSIFICATION, train, dev)


def chnsenticorp(train_size: int, dev_size: int) -> TrainingData:
    """ChnSentiCorp (Chinese hotel/laptop/book reviews): first rows of train.tsv and dev.tsv."""
    train = list(islice(_read("chnsenticorp/train.tsv", Task.CLASSIFICATION), train_size))
    dev = list(islice(_read("chnsenticorp/dev.tsv", Task.CLASSIFICATION), dev_size))
    return _data(Task.CLASSIFICATION, train, dev)


def squad(train_size: int, dev_size: int) -> TrainingData:
    """SQuAD v1.1: train questions from the first articles, dev from the last ones (no article
    is in both, so dev contexts are unseen)."""
    per_article = [len(a["paragraphs"]) for a in json.loads((DATA / SQUAD).read_text())["data"]]
    paragraphs = list(_read(SQUAD, Task.QA))
    articles, start = [], 0
    for count in per_article:
        articles.append(paragraphs[start : start + count])
        start += count
    train, used = _take_questions((p for a in articles for p in a), train_size)
    later = [p for a in reversed(articles[_article_of(used, per_article) + 1 :]) for p in a]
    dev, _ = _take_questions(later, dev_size)
    return _data(Task.QA, train, dev)


def cmrc(train_size: int, dev_size: int) -> TrainingData:
    """CMRC 2018 trial (1,002 questions): dev from the last contexts, train from the first ones
    (at most what dev leaves). A few trial offsets are wrong (SOURCE.txt): kept as they are."""
    contexts = list(_read(CMRC, Task.QA))
    dev, taken = _take_questions(reversed(contexts), dev_size)
    train, _ = _take_questions(contexts[: len(contexts) - taken], train_size)
    return _data(Task.QA, train, dev)


def _take_questions(
    paragraphs: Iterable[DocumentRecord], count: int
) -> tuple[list[DocumentRecord], int]:
    """Whole paragraphs until ``count`` questions (the last one cut); and how many were read."""
    taken: list[DocumentRecord] = []
    questions, read = 0, 0
    for paragraph in paragraphs:
        if questions >= count:
            break
        read += 1
        keep = paragraph.questions[: count - questions]
        taken.append(dataclasses.replace(paragraph, questions=keep))
        questions += len(keep)
    return taken, read


def _article_of(paragraph_count: int, per_article: list[int]) -> int:
    """The index of the article that holds paragraph number ``paragraph_count`` (1-based)."""
    total = 0
    for index, count in enumerate(per_article):
        total += count
        if total >= paragraph_count:
            return index
    return len(per_article) - 1


Loader = Callable[[int, int], TrainingData]
LOADERS: dict[str, tuple[Loader, int]] = {
    "ner": (ner, 500),
    "cls": (sst2, 872),
    "cls-zh": (chnsenticorp, 500),
    "qa": (squad, 300),
    "qa-zh": (cmrc, 300),
}
TASK_NAMES = {
    "ner": "NER CoNLL-2003 en",
    "cls": "cls SST-2 en",
    "cls-zh": "cls ChnSentiCorp zh",
    "qa": "QA SQuAD v1.1 en",
    "qa-zh": "QA CMRC 2018 zh",
}


def load(key: str, train_size: int, dev_size: int = 0) -> TrainingData:
    """The ``key`` task's data; ``dev_size`` 0 means the task's usual dev size."""
    loader, usual_dev = LOADERS[key]
    return loader(train_size, dev_size or usual_dev)
