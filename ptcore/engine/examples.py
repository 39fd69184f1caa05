"""What a run trains and evaluates on: the project's labeled documents, checked early.

Problems a user can fix (nothing labeled, a single class, a label the project no longer has,
too few examples) are raised as ``UserError`` before any model is loaded, so they show in
seconds rather than after minutes of loading.

Model selection needs a dev split large enough to rank checkpoints. A dev split with fewer
than ``MIN_DEV`` labeled documents cannot (one document scores 0 or 1), so it trains with the
rest. Without a usable dev split, a seeded slice of train becomes dev: max(20 %, ``MIN_DEV``)
documents, stratified by class for classification. With fewer than ``MIN_FOR_CARVED_DEV``
labeled documents nothing is carved: the run trains on everything and keeps its final model
(``selection`` says which rule applies), and the caller is told so.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field, replace
from typing import Any

from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.records import DocumentRecord, Split, Status, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project

MIN_EXAMPLES = 4
DEV_FRACTION = 0.2
MIN_DEV = 10
MIN_FOR_CARVED_DEV = 50  # a 10-document dev split leaves 40 to train on
MAX_CARVED_DEV = 1000
BEST_DEV, FINAL = "best_dev", "final"  # how a run chooses the model it keeps


@dataclass
class TrainingData:
    """Train and dev records (``line`` is the document id) and the head's output names."""

    task: Task
    train: list[DocumentRecord]
    dev: list[DocumentRecord]
    label_names: list[str]
    head_labels: list[str]
    dev_carved: bool = False
    messages: list[str] = field(default_factory=list)
    selection: str = BEST_DEV

    def training_set(self) -> dict[str, Any]:
        """Exactly what was trained on: document ids and a hash of their annotations."""
        return {
            "train_ids": [r.line for r in self.train],
            "dev_ids": [r.line for r in self.dev],
            "dev_carved": self.dev_carved,
            "selection": self.selection,
            "annotation_hash": annotation_hash(self.train + self.dev),
            "labels": self.label_names,
        }


def labeled_records(project: Project, split: Split) -> list[DocumentRecord]:
    """The labeled documents of one split, in id order.

    QA learns from every resolved question, also in a context whose other questions are
    still open (such a document is not "labeled" yet), so that half-done work counts.
    """
    if not spec_for(project.task).answers_questions:
        return list(project.records(DocumentFilter(status=Status.LABELED, split=split)))
    records = [
        record
        for status in (Status.LABELED, Status.UNLABELED)
        for record in project.records(DocumentFilter(status=status, split=split))
    ]
    return sorted(filter(None, map(resolved_questions, records)), key=lambda r: r.line)


def resolved_questions(record: DocumentRecord) -> DocumentRecord | None:
    """The record with only its answered or no-answer questions; None if it has none."""
    questions = [q for q in record.questions if q.answers or q.no_answer]
    return replace(record, questions=questions) if questions else None


def collect_examples(project: Project, seed: int = 0) -> TrainingData:
    """The project's train and dev examples, or a UserError saying what to label first."""
    train, dev = labeled_records(project, Split.TRAIN), labeled_records(project, Split.DEV)
    names = project.labels.names()
    check_records(project.task, train + dev, names)
    data = TrainingData(project.task, train, dev, names, head_labels(project.task, names))
    if dev and len(dev) < MIN_DEV:
        data.train, data.dev = sorted(train + dev, key=lambda r: r.line), []
        data.messages.append(
            f"The dev split has only {len(dev)} labeled documents, too few to rank "
            f"checkpoints (at least {MIN_DEV}): they train with the rest."
        )
    if not data.dev:
        carve_dev(data, seed)
    return data


def head_labels(task: Task, label_names: list[str]) -> list[str]:
    """Names of the head's outputs: classes, BIO tags, or none for QA."""
    return spec_for(task).head_labels(label_names)


def carve_dev(data: TrainingData, seed: int) -> None:
    """Move a seeded max(20 %, ``MIN_DEV``) of train into dev, stratified by class; with too
    few documents for that, keep them all for training and keep the final model."""
    if len(data.train) < MIN_EXAMPLES:
        raise UserError(
            f"Only {len(data.train)} labeled training documents; label at least {MIN_EXAMPLES}."
        )
    if len(data.train) < MIN_FOR_CARVED_DEV:
        data.selection = FINAL
        data.messages.append(
            f"{len(data.train)} labeled documents are too few for a dev split that ranks "
            f"checkpoints (that needs {MIN_FOR_CARVED_DEV}): training on all of them and "
            "keeping the final model."
        )
        return
    size = min(max(MIN_DEV, round(len(data.train) * DEV_FRACTION)), MAX_CARVED_DEV)
    stratify = spec_for(data.task).stratify_dev
    chosen = set(dev_sample(data.train, size, seed, stratify))
    data.dev = [r for i, r in enumerate(data.train) if i in chosen]
    data.train = [r for i, r in enumerate(data.train) if i not in chosen]
    data.dev_carved = True
    data.messages.append(
        f"No usable dev split: using {size} of the training documents as dev (seed {seed})."
    )


def dev_sample(records: list[DocumentRecord], size: int, seed: int, stratify: bool) -> list[int]:
    """``size`` seeded indices into ``records``; stratified, each class gives its share
    (largest remainders first), so a rare class is not left out of dev by chance."""
    rng = random.Random(seed)
    if not stratify:
        return rng.sample(range(len(records)), size)
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        groups.setdefault(record.labels[0] if record.labels else "", []).append(index)
    for members in groups.values():
        rng.shuffle(members)
    shares = {label: size * len(members) / len(records) for label, members in groups.items()}
    counts = {label: int(share) for label, share in shares.items()}
    by_remainder = sorted(shares, key=lambda label: counts[label] - shares[label])
    for label in by_remainder[: size - sum(counts.values())]:
        counts[label] += 1
    return [i for label, members in groups.items() for i in members[: counts[label]]]


def check_records(task: Task, records: list[DocumentRecord], names: list[str]) -> None:
    """Raise a UserError for data no model can learn from."""
    train = [r for r in records if r.split is not Split.DEV]
    if not train:
        raise UserError("No labeled training documents; label some documents in the train split.")
    if len(records) < MIN_EXAMPLES:
        raise UserError(f"Only {len(records)} labeled documents; label at least {MIN_EXAMPLES}.")
    _check_known_labels(records, names)
    spec_for(task).check_training(train)


def _check_known_labels(records: list[DocumentRecord], names: list[str]) -> None:
    used = {label for r in records for label in r.labels} | {
        span.label for r in records for span in r.entities
    }
    unknown = sorted(used - set(names))
    if unknown:
        raise UserError(f"Labels {', '.join(unknown)} are used but not in the project's label set.")


def annotation_hash(records: list[DocumentRecord]) -> str:
    """A stable hash of texts and annotations: equal hashes mean equal training data."""
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r.line):
        digest.update(json.dumps(_annotation_view(record), ensure_ascii=False).encode())
    return digest.hexdigest()


def _annotation_view(record: DocumentRecord) -> list[Any]:
    questions = [
        [q.text, q.no_answer, sorted((a.start, a.end) for a in q.answers)] for q in record.questions
    ]
    entities = sorted((s.start, s.end, s.label) for s in record.entities)
    return [record.line, record.text, sorted(record.labels), entities, questions]
