"""One agreement report from each annotator's view of each document.

Which comparison applies is the task's shape (labels, spans or questions), never its name.
"""

from __future__ import annotations

from collections.abc import Sequence

from ptcore.agreement import answers, categorical, spans
from ptcore.agreement.report import AgreementReport, Findings
from ptcore.agreement.selection import Views, compared_documents
from ptcore.records import Task
from ptcore.task_shapes import shape_of


def agreement_report(views: Views, task: Task | str, labels: Sequence[str] = ()) -> AgreementReport:
    """Agreement over the documents at least two annotators finished.

    ``views``: document id -> annotator -> that annotator's view of the document.
    ``labels``: the project's labels in order (per-label rows for labels nobody used too).
    """
    shape = shape_of(task)
    compared = compared_documents(views)
    kind: str
    metrics: tuple[str, ...]
    found: Findings
    if shape.spans:
        kind, metrics, found = "spans", spans.METRICS, spans.span_findings(compared, labels)
    elif shape.questions:
        kind, metrics, found = "questions", answers.METRICS, answers.answer_findings(compared)
    else:
        kind, metrics = "labels", categorical.METRICS
        found = categorical.label_findings(compared, labels, shape.single_label)
    return AgreementReport(
        task=str(shape.task),
        kind=kind,
        metrics=metrics,
        annotators=compared.annotators,
        annotated=compared.annotated,
        compared=len(compared.documents),
        overall=found.overall,
        labels=found.labels,
        pairs=found.pairs,
    )
