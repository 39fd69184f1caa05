"""What a document of each task holds: the one place the file readers, writers and the store
ask, below the engine's task specs (which they may not import).

Adding a task means adding its shape here and its spec in ``ptcore/engine/tasks``; the readers
and the store branch on what a document holds (spans, labels, questions), never on the task's
name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ptcore.records import DocumentRecord, Task


@dataclass(frozen=True)
class TaskShape:
    task: Task
    spans: bool = False  # entity spans over the text
    labels: bool = False  # document labels
    single_label: bool = False  # at most one document label
    questions: bool = False  # questions with answer spans

    @property
    def multi_label(self) -> bool:
        return self.labels and not self.single_label


SHAPES = {
    Task.CLASSIFICATION: TaskShape(Task.CLASSIFICATION, labels=True, single_label=True),
    Task.MULTILABEL: TaskShape(Task.MULTILABEL, labels=True),
    Task.NER: TaskShape(Task.NER, spans=True),
    Task.QA: TaskShape(Task.QA, questions=True),
}


def shape_of(task: Task | str) -> TaskShape:
    return SHAPES[Task(task)]


def misfit(record: DocumentRecord, task: Task) -> str | None:
    """Why a record (gold and suggestions) cannot go into a project of ``task``, if it cannot."""
    shape = shape_of(task)
    if record.entities and not shape.spans:
        return f"has entity spans, but a {task} project takes no spans"
    if record.labels and not shape.labels:
        return f"has document labels, but a {task} project takes none"
    if record.questions and not shape.questions:
        return f"has questions, but a {task} project takes none"
    if shape.single_label and len(record.labels) > 1:
        names = ", ".join(record.labels)
        return f"has {len(record.labels)} labels ({names}), but a single-label project takes one"
    if shape.single_label and record.labeled and not record.labels:
        return "has an empty label list; a single-label project needs one (leave it out for none)"
    return _suggestion_misfit(record, shape)


def _suggestion_misfit(record: DocumentRecord, shape: TaskShape) -> str | None:
    """Why a model's suggestions cannot be kept in the project: never dropped."""
    task = shape.task
    for suggestion in record.suggestions:
        if suggestion.entities and not shape.spans:
            return (
                f"has suggested entity spans ({suggestion.model}), but a {task} project takes none"
            )
        if suggestion.labels and not shape.labels:
            return f"has suggested labels ({suggestion.model}), but a {task} project takes none"
        if shape.single_label and len(suggestion.labels) > 1:
            count = len(suggestion.labels)
            return f"has {count} suggested labels, but a single-label project takes one"
    return None
