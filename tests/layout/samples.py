"""Small projects for the layout check: each task with 4, 13 or 30 labels of realistic
lengths, English and Chinese text, some annotations, and a finished run with metrics."""

from __future__ import annotations

from pathlib import Path

from ptcore.records import Answer, DocumentRecord, Question, Span, Split, Task
from ptcore.store.project import Project

CLUENER = [
    "address",
    "book",
    "company",
    "game",
    "government",
    "movie",
    "name",
    "organization",
    "position",
    "scene",
    "PER",
    "ORG",
    "LOC",
]
EXTRA = [
    "product_category",
    "event",
    "law",
    "language",
    "facility",
    "work_of_art",
    "nationality_or_religious_group",
    "date",
    "time",
    "percent",
    "money",
    "quantity",
    "ordinal",
    "cardinal",
    "disease",
    "chemical",
    "species",
]
TEXTS = [
    "The Philadelphia Eagles beat the New York Giants 24-10 at Lincoln Financial Field.",
    "浙商银行企业信贷部叶老桂博士则从另一个角度对五道门槛进行了解读。",
    "Angela Merkel met Emmanuel Macron in Berlin on Tuesday to discuss the budget of the "
    "European Union and the future of the common agricultural policy.",
    "生生不息CSOL生化狂潮让你填弹狂扫，这款游戏在北京和上海都很受欢迎。",
]
QUESTIONS = [
    "Who won the game?",
    "Where was the game played, and in front of how many people, according to the report?",
    "What was the score?",
]


def label_names(count: int) -> list[str]:
    return (CLUENER + EXTRA)[:count] if count > 4 else ["PER", "ORG", "LOC", "MISC"][:count]


def build(folder: Path, task: Task, count: int, documents: int = 40) -> Path:
    path = folder / f"{task.value}-{count}.db"
    if path.exists():
        return path
    labels = [] if task is Task.QA else label_names(count)
    with Project.create(path, task, labels, name=f"{task.value} {count} labels") as project:
        records = [_record(task, labels, i) for i in range(documents)]
        project.import_records(records, Path("layout-sample"))
        _add_run(project, task, labels)
    return path


def _record(task: Task, labels: list[str], i: int) -> DocumentRecord:
    text = f"{TEXTS[i % len(TEXTS)]} ({i + 1})"
    split = (Split.TRAIN, Split.TRAIN, Split.DEV, Split.TEST)[i % 4]
    labelled = i % 3 == 0
    if task is Task.QA:
        won = text.find("Philadelphia Eagles")
        answers = [Answer(won, won + 19), Answer(won, won + 19)] if won >= 0 else []
        questions = [
            Question(QUESTIONS[0], answers, no_answer=not answers),
            Question(QUESTIONS[1], [Answer(0, 3)]),
            Question(QUESTIONS[2]),
        ]
        return DocumentRecord(
            text, questions=questions if labelled else [], split=split, labeled=labelled
        )
    if task is Task.NER:
        entities = [Span(4, 24, labels[i % len(labels)])] if labelled and i % 4 == 0 else []
        return DocumentRecord(text, entities=entities, labeled=labelled, split=split)
    chosen = [labels[i % len(labels)]] + (
        [labels[(i + 1) % len(labels)]] if task is Task.MULTILABEL else []
    )
    return DocumentRecord(text, labels=chosen if labelled else [], labeled=labelled, split=split)


def _add_run(project: Project, task: Task, labels: list[str]) -> None:
    metrics = fake_metrics(task, labels)
    run_id = project.runs.start({"preset": "fast", "epochs": 3}, {"documents": 14}, "cpu", 14)
    for step in (10, 20, 30):
        project.runs.add_metric(run_id, step, step / 10, "dev", metrics)
    project.runs.finish(run_id, "finished", metrics)


def fake_metrics(task: Task, labels: list[str]) -> dict:  # type: ignore[type-arg]
    per_label = {
        name: {"precision": 0.8125, "recall": 0.4545, "f1": 0.5833, "support": 11}
        for name in labels
    }
    metrics = {
        "accuracy": 0.841,
        "macro_f1": 0.612,
        "micro_f1": 0.7,
        "f1": 0.733,
        "precision": 0.75,
        "recall": 0.71,
        "exact_match": 0.52,
        "loss": 0.4321,
        "run": 1,
        "split": "dev",
        "documents": 10,
    }
    if task is Task.QA:
        metrics |= {
            "has_answer": {"exact_match": 0.5, "f1": 0.7, "count": 8},
            "no_answer": {"exact_match": 0.9, "f1": 0.9, "count": 2},
        }
    else:
        metrics["per_label"] = per_label
    if task is Task.CLASSIFICATION:
        metrics["confusion_matrix"] = {
            "labels": labels,
            "matrix": [[int(i == j) * 5 for j in labels] for i in labels],
        }
    return metrics
