"""Project statistics in a handful of GROUP BY queries (fast on 100,000 documents)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ptcore.db.models import AnswerRow, ClassLabelRow, DocumentRow, EntityRow, LabelRow, QuestionRow
from ptcore.task_shapes import shape_of


def project_stats(session: Session, task: str) -> dict[str, Any]:
    by_split = _by_split(session)
    by_status = dict(
        session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all()
    )
    by_label = _by_label(session)
    questions = session.scalar(select(func.count()).select_from(QuestionRow)) or 0
    answered = (
        session.scalar(
            select(func.count())
            .select_from(QuestionRow)
            .where(
                (QuestionRow.no_answer.is_(True))
                | QuestionRow.id.in_(select(AnswerRow.question_id))
            )
        )
        or 0
    )
    return {
        "task": task,
        "documents": sum(by_status.values()),
        "labeled": by_status.get("labeled", 0),
        "unlabeled": by_status.get("unlabeled", 0),
        "skipped": by_status.get("skipped", 0),
        "annotations": answered if shape_of(task).questions else sum(by_label.values()),
        "questions": questions,
        "by_split": by_split,
        "by_label": by_label,
    }


def _by_split(session: Session) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {
        split: {"documents": 0, "labeled": 0} for split in ("train", "dev", "test")
    }
    rows = session.execute(
        select(DocumentRow.split, DocumentRow.status, func.count()).group_by(
            DocumentRow.split, DocumentRow.status
        )
    )
    for split, status, count in rows:
        result[split]["documents"] += count
        if status == "labeled":
            result[split]["labeled"] += count
    return result


def _by_label(session: Session) -> dict[str, int]:
    counts = {
        name: 0 for name in session.scalars(select(LabelRow.name).order_by(LabelRow.position))
    }
    for table in (ClassLabelRow, EntityRow):
        rows = session.execute(
            select(LabelRow.name, func.count())
            .join(table, table.label_id == LabelRow.id)
            .group_by(LabelRow.name)
        )
        for name, count in rows:
            counts[name] += count
    return counts
