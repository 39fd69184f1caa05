"""Writes the demo projects' data files beside this script: ``python make_demo_data.py``.

Every sentence, clause, template and name here and in ``demo_words.json`` was written for these
demos, in English so the default MiniLM reads them. Each demo has train, dev (ten or more
documents, so checkpoints can be ranked) and a held-out test split, plus a few unlabeled documents
to show predictions on. The composed demos hold test apart: multi-label test documents use
clauses, NER test sentences names, and QA test passages people that no training document has.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 7
# The names, places, phrases and other fillers the templates below draw on.
WORDS: dict[str, Any] = json.loads((HERE / "demo_words.json").read_text(encoding="utf-8"))

FEEDBACK = WORDS["feedback"]
HELD_OUT_CLAUSES = 6  # the last six clauses of each label appear only in test

PEOPLE = WORDS["people"]
ORGANISATIONS = WORDS["organisations"]
PLACES = WORDS["places"]
NER_TEMPLATES = [
    "{PER} joined {ORG} last year.",
    "{PER} flew from {LOC} to {LOC} on Sunday.",
    "{ORG} opened a new office in {LOC}.",
    "{PER} met {PER} in {LOC} on Tuesday.",
    "The chief executive of {ORG}, {PER}, spoke in {LOC}.",
    "{PER} grew up in {LOC} before moving to {LOC}.",
    "Shares of {ORG} rose after {PER} announced the deal.",
    "{ORG} and {ORG} signed an agreement in {LOC}.",
    "{PER} works as an engineer at {ORG}.",
    "Fans in {LOC} cheered as {PER} won the final.",
    "{PER} said {ORG} would hire two hundred people.",
    "Heavy rain closed roads across {LOC} on Monday.",
    "{ORG} was founded in {LOC} in 1998.",
    "Yesterday {PER} visited the {ORG} factory near {LOC}.",
    "According to {PER}, {ORG} will leave {LOC} next year.",
    "{PER} and {PER} are writing a book about {LOC}.",
    "The mayor of {LOC}, {PER}, met officials from {ORG}.",
    "{ORG} lost its case against {ORG} in a court in {LOC}.",
    "{PER} studied law in {LOC}.",
    "Tourists crowd the streets of {LOC} every summer.",
    "{PER} left {ORG} to start a company in {LOC}.",
    "A spokesman for {ORG} declined to comment.",
    "{PER} scored twice as {ORG} beat {ORG}.",
    "Police in {LOC} are looking for a missing hiker.",
    "{PER} will perform in {LOC} and {LOC} next month.",
]
HELD_OUT_NAMES = 0.25  # the last quarter of each name list appears only in test

QA_TEMPLATES = [
    "{name} was born in {city} in {year}. {Pro} studied {subject} at {univ} and now lives in "
    "{home}, working as a {job}. In {pos} free time {pro} enjoys {hobby}.",
    "After studying {subject} at {univ}, {name} became a {job}. {Pro} was born in {year} in "
    "{city} and now lives in {home}, where {pro} spends weekends {hobby}.",
    "{name}, a {job} from {city}, moved to {home} after a degree in {subject} at {univ}. "
    "Born in {year}, {pro} is also known for {hobby}.",
    "Few people in {home}, where {name} lives today, know that {pro} was born in {city}. The "
    "{job}, born in {year}, studied {subject} at {univ} and loves {hobby}.",
]
# Two wordings per question, so a model has to read the question, not its first words.
QUESTIONS = {
    "city": ("Where was {name} born?", "In which city was {name} born?"),
    "year": ("When was {name} born?", "In what year was {name} born?"),
    "subject": ("What did {name} study?", "Which subject did {name} study?"),
    "univ": ("Where did {name} study?", "Which university did {name} attend?"),
    "job": ("What is {name}'s job?", "What does {name} do for a living?"),
    "home": ("Where does {name} live now?", "In which city does {name} live today?"),
}
TRAIN_QUESTIONS = len(QUESTIONS)  # a training passage asks every question; the others three
SUBJECTS = WORDS["subjects"]
UNIVERSITIES = WORDS["universities"]
JOBS = WORDS["jobs"]
HOBBIES = WORDS["hobbies"]
PRONOUNS = {"she": ("She", "she", "her"), "he": ("He", "he", "his")}


def fill(template: str, values: dict[str, list[str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The template with each ``{SLOT}`` replaced by the next value for that slot, and the
    character span of every slot."""
    text, spans, used = "", [], {slot: 0 for slot in values}
    position = 0
    for match in re.finditer(r"\{(\w+)\}", template):
        text += template[position : match.start()]
        slot = match.group(1)
        value = values[slot][used[slot]]
        used[slot] += 1
        spans.append((len(text), len(text) + len(value), slot))
        text += value
        position = match.end()
    return text + template[position:], spans


def split_of(index: int, dev: int, test: int, total: int) -> str:
    """The last ``test`` indices are test, the ``dev`` before them dev, the rest train."""
    if index >= total - test:
        return "test"
    return "dev" if index >= total - test - dev else "train"


def classification() -> list[dict[str, Any]]:
    lines = (HERE / "reviews.txt").read_text(encoding="utf-8").splitlines()
    labeled: dict[str, list[str]] = {"+": [], "-": [], "?": []}
    for line in lines:
        if line and not line.startswith("#"):
            labeled[line[0]].append(line[2:])
    rows = []
    for mark, label in (("+", "positive"), ("-", "negative")):
        texts = labeled[mark]
        for i, text in enumerate(texts):
            rows.append({"text": text, "label": label, "split": split_of(i, 10, 10, len(texts))})
    rows += [{"text": text} for text in labeled["?"]]
    random.Random(SEED).shuffle(rows)
    return rows


def multilabel() -> list[dict[str, Any]]:
    rng, rows = random.Random(SEED), []
    for split, count in (("train", 70), ("dev", 20), ("test", 20), (None, 8)):
        for _ in range(count):
            labels = rng.sample(sorted(FEEDBACK), rng.choice((1, 1, 2, 2, 3)))
            clauses = []
            for label in labels:
                pool = FEEDBACK[label]
                pool = (
                    pool[-HELD_OUT_CLAUSES:]
                    if split in ("test", None)
                    else (pool[:-HELD_OUT_CLAUSES])
                )
                clauses.append(rng.choice(pool))
            row: dict[str, Any] = {"text": ". ".join(clauses) + "."}
            if split:
                row.update(labels=sorted(labels), split=split)
            rows.append(row)
    return rows


def names(pool: list[str], held_out: bool) -> list[str]:
    cut = len(pool) - round(len(pool) * HELD_OUT_NAMES)
    return pool[cut:] if held_out else pool[:cut]


def ner() -> list[dict[str, Any]]:
    rng, rows = random.Random(SEED), []
    for split, count in (("train", 80), ("dev", 20), ("test", 25), (None, 8)):
        held_out = split in ("test", None)
        pools = {
            "PER": names(PEOPLE, held_out),
            "ORG": names(ORGANISATIONS, held_out),
            "LOC": names(PLACES, held_out),
        }
        for _ in range(count):
            template = rng.choice(NER_TEMPLATES)
            values = {slot: rng.sample(pool, 3) for slot, pool in pools.items()}
            text, spans = fill(template, values)
            row: dict[str, Any] = {"text": text}
            if split:
                row.update(entities=[list(span) for span in spans], split=split)
            rows.append(row)
    return rows


def qa() -> list[dict[str, Any]]:
    rng, rows = random.Random(SEED), []
    for split, count in (("train", 70), ("dev", 15), ("test", 20), (None, 4)):
        people = names(PEOPLE, split in ("test", None))
        for number in range(count):
            rows += qa_context(rng, people, split, f"{split or 'new'}-{number}")
    return rows


def qa_context(
    rng: random.Random, people: list[str], split: str | None, key: str
) -> list[dict[str, Any]]:
    """One passage about a person and questions on it: all six in train, else three."""
    city, home = rng.sample(PLACES, 2)
    upper, lower, possessive = PRONOUNS[rng.choice(sorted(PRONOUNS))]
    person = rng.choice(people)
    values = {
        "name": [person] * 3,
        "city": [city],
        "home": [home],
        "year": [str(rng.randint(1950, 1999))],
        "subject": [rng.choice(SUBJECTS)],
        "univ": [rng.choice(UNIVERSITIES)],
        "job": [rng.choice(JOBS)],
        "hobby": [rng.choice(HOBBIES)],
        "Pro": [upper] * 2,
        "pro": [lower] * 3,
        "pos": [possessive],
    }
    context, spans = fill(rng.choice(QA_TEMPLATES), values)
    first = {slot: (start, end) for start, end, slot in reversed(spans)}
    lines = []
    asked = TRAIN_QUESTIONS if split == "train" else 3
    for index, slot in enumerate(rng.sample(sorted(QUESTIONS), asked)):
        line: dict[str, Any] = {
            "id": f"{key}-{index}",
            "title": "",
            "context": context,
            "question": rng.choice(QUESTIONS[slot]).format(name=person),
        }
        if split:
            start, end = first[slot]
            line.update(
                answers={"text": [context[start:end]], "answer_start": [start]}, split=split
            )
        lines.append(line)
    return lines


def write(name: str, rows: list[dict[str, Any]]) -> None:
    """Each text (QA: each question of a context) once: a repeat would be a second document,
    and could cross splits."""

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return row.get("text"), row.get("context"), row.get("question")

    first = {key(row): row for row in reversed(rows)}
    rows = [row for row in rows if first[key(row)] is row]
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write("classification.jsonl", classification())
    write("multilabel.jsonl", multilabel())
    write("ner.jsonl", ner())
    write("qa.jsonl", qa())
