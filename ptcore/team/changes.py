"""The change log of a team project: every committed write to a document, numbered in commit
order, so a window can ask cheaply "what changed since counter N" every few seconds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ptcore.db.team_models import ChangeRow

GOLD = "gold"
REVIEW = "review"
ANNOTATOR_LAYER = "annotator:"


def annotator_layer(annotator: str) -> str:
    return f"{ANNOTATOR_LAYER}{annotator}"


@dataclass(frozen=True)
class Change:
    counter: int
    document_id: int
    layer: str  # "gold" (the rule), "review", or "annotator:NAME"
    changed_by: str
    changed_at: str  # ISO 8601


@dataclass(frozen=True)
class ChangeFeed:
    counter: int  # pass this to the next ``changes_since`` call
    changes: tuple[Change, ...]

    @property
    def document_ids(self) -> set[int]:
        return {change.document_id for change in self.changes}


def record_change(session: Session, document_id: int, layer: str, changed_by: str) -> None:
    session.add(ChangeRow(document_id=document_id, layer=layer, changed_by=changed_by))


def changes_since(session_factory: sessionmaker[Session], counter: int = 0) -> ChangeFeed:
    """Changes committed after ``counter`` (0: all), oldest first. One indexed query; a poll
    that finds nothing returns the same counter."""
    with session_factory() as session:
        rows = session.scalars(
            select(ChangeRow).where(ChangeRow.id > counter).order_by(ChangeRow.id)
        ).all()
    changes = tuple(
        Change(r.id, r.document_id, r.layer, r.changed_by, r.changed_at.isoformat()) for r in rows
    )
    return ChangeFeed(changes[-1].counter if changes else counter, changes)


def latest_counter(session_factory: sessionmaker[Session]) -> int:
    """The newest change's counter (0 if none): where a window starts polling from."""
    with session_factory() as session:
        return int(session.scalar(select(func.max(ChangeRow.id))) or 0)


def last_change_by(session: Session, document_id: int, layer: str | None = None) -> str:
    """Who last changed the document (in ``layer``, or the gold/review layers), for messages."""
    query = select(ChangeRow.changed_by).where(ChangeRow.document_id == document_id)
    if layer is None:
        query = query.where(ChangeRow.layer.in_([GOLD, REVIEW]))
    else:
        query = query.where(ChangeRow.layer == layer)
    return session.scalar(query.order_by(ChangeRow.id.desc()).limit(1)) or "someone"
