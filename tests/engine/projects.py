"""Tiny projects on a tiny backbone, for the trainer, runner and CLI tests."""

from __future__ import annotations

import random
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModel

from ptcore.engine.settings import TrainSettings
from ptcore.records import Answer, DocumentRecord, Question, Span, Split
from ptcore.store.project import Project
from tests.tiny import TINY_SIZES, make_tokenizer

SUBJECTS = ["the movie", "the film", "this book", "the game", "the city"]
VERBS = ["was", "is", "were"]
FILLERS = ["today", "in paris", "for john", "at the bank", "with mary"]
NAMES = ["john", "mary", "smith"]
PLACES = ["paris", "london", "berlin"]


def backbone(folder: Path, seed: int = 0) -> Path:
    """A tiny random BERT that can learn: with BERT's usual init (std 0.02) a 32-wide random
    model's states hardly depend on the input, so nothing is learnable; std 0.3 fixes that."""
    if not (folder / "config.json").is_file():
        config = AutoConfig.for_model("bert", **TINY_SIZES, initializer_range=0.3)
        torch.manual_seed(seed)
        AutoModel.from_config(config).save_pretrained(str(folder))
        make_tokenizer(folder)
    return folder


def fast_settings(**changes: object) -> TrainSettings:
    """Settings that learn the toy tasks in a few seconds on a tiny model."""
    values: dict[str, object] = {
        "epochs": 6,
        "min_steps": 0,
        "prefix_len": 4,
        "learning_rate": 5e-2,
        "head_learning_rate": 5e-2,
        "batch_size": 8,
        "max_length": 32,
        "prefix_dropout": 0.0,
        "head_dropout": 0.0,
        "device": "cpu",
    }
    values.update(changes)
    return TrainSettings(**values)  # type: ignore[arg-type]


def sentiment_records(
    count: int, seed: int = 0, split: Split | None = None
) -> list[DocumentRecord]:
    """class = whether the text contains "good"."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        label = "pos" if i % 2 == 0 else "neg"
        word = "good" if label == "pos" else rng.choice(["bad", "boring", "terrible"])
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {word} {rng.choice(FILLERS)}"
        records.append(DocumentRecord(text, labels=[label], labeled=True, split=split))
    return records


def classification_project(
    tmp_path: Path, train: int = 48, dev: int = 16, unlabeled: int = 5
) -> Project:
    project = Project.create(
        tmp_path / "cls.db",
        "classification",
        ["pos", "neg"],
        base_model=str(backbone(tmp_path / "tiny-bert")),
    )
    records = sentiment_records(train, 0, Split.TRAIN) + sentiment_records(dev, 1, Split.DEV)
    records += [DocumentRecord(r.text, split=Split.TRAIN) for r in sentiment_records(unlabeled, 2)]
    project.import_records(records, Path("seed.jsonl"))
    return project


def ner_records(count: int, seed: int = 0) -> list[DocumentRecord]:
    """A name after "met" is PER, a place after "in" is LOC."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        who = rng.choice(["she", "he", "we", "they"])
        text = f"{who} met {name} in {place} {rng.choice([*FILLERS[:2], 'now', 'when'])}"
        start = len(f"{who} met ")
        loc = text.index(f" in {place}") + 4
        spans = [Span(start, start + len(name), "PER"), Span(loc, loc + len(place), "LOC")]
        records.append(DocumentRecord(text, entities=spans, labeled=True, split=Split.TRAIN))
    return records


def qa_records(count: int, seed: int = 0) -> list[DocumentRecord]:
    """Where does someone live? The answer is the city after "in"."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        text = f"{name} lives in {place} and works at the bank"
        start = text.index(place)
        question = Question("where does he live", [Answer(start, start + len(place))])
        records.append(DocumentRecord(text, questions=[question], labeled=True, split=Split.TRAIN))
    return records
