"""Who gets which document: each document goes to ``overlap`` annotators, the next one for
an annotator being one they have not done and that fewer than ``overlap`` others hold.

A claim is made in the same transaction that finds the document, so two annotators asking at
once never both get the last place on it. SQLite serialises writers (``BEGIN IMMEDIATE``);
on PostgreSQL the candidate's row is locked with ``FOR UPDATE SKIP LOCKED`` and its claims are
counted again after the lock (a new snapshot under READ COMMITTED) before claiming.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from ptcore.db.models import DocumentRow
from ptcore.db.team_models import AnnotatorDocumentRow, ReviewRow
from ptcore.errors import UserError
from ptcore.records import Status
from ptcore.store.project import Project
from ptcore.store.views import Document
from ptcore.team.by_annotator import annotations_by_annotator
from ptcore.team.holding import CLAIMED, ensure_holder
from ptcore.team.settings import TeamSettings

ATTEMPTS = 50  # candidates skipped because another claim filled them meanwhile (PostgreSQL)


def next_document_for(project: Project, annotator: str | None = None) -> Document | None:
    """The annotator's next document, claimed for them, as their view (None when there is
    nothing left for them). Their own unfinished document comes first; then the lowest id
    they have not done that fewer than ``overlap`` annotators hold, that has not been
    reviewed, and whose gold did not come from outside the team (an import, earlier
    single-person work)."""
    team = _team(project)
    annotator = annotator or project.annotator
    with project.Session() as session, session.begin():
        document_id = _unfinished(session, annotator) or _claim(session, annotator, team)
    if document_id is None:
        return None
    if annotator == project.annotator:
        return project.documents.get(document_id)
    return annotations_by_annotator(project, finished_only=False)[document_id][annotator]


def _team(project: Project) -> TeamSettings:
    if project.team is None:
        raise UserError(
            f"{project.location} is not a team project; make it one with "
            f"`ptcore team {project.location} --overlap 2`."
        )
    return project.team


def _unfinished(session: Session, annotator: str) -> int | None:
    return session.scalar(
        select(func.min(AnnotatorDocumentRow.document_id)).where(
            AnnotatorDocumentRow.annotator == annotator,
            AnnotatorDocumentRow.status.in_([CLAIMED, Status.UNLABELED]),
        )
    )


def _claim(session: Session, annotator: str, team: TeamSettings) -> int | None:
    skipped: list[int] = []
    for _ in range(ATTEMPTS):
        document_id = session.scalar(
            select(DocumentRow.id)
            .where(_open_to(annotator, team.overlap), DocumentRow.id.not_in(skipped))
            .order_by(DocumentRow.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=DocumentRow)
        )
        if document_id is None:
            return None
        if _holders(session, document_id) < team.overlap and ensure_holder(
            session, document_id, annotator
        ):
            return document_id
        skipped.append(document_id)
    return None


def _open_to(annotator: str, overlap: int) -> ColumnElement[bool]:
    held = AnnotatorDocumentRow.document_id == DocumentRow.id
    holders = select(func.count()).where(held).scalar_subquery()
    mine = exists().where(held, AnnotatorDocumentRow.annotator == annotator)
    anyone = exists().where(held)
    reviewed = exists().where(ReviewRow.document_id == DocumentRow.id)
    from_outside = and_(DocumentRow.status != Status.UNLABELED, ~anyone)
    return and_(holders < overlap, ~mine, ~reviewed, ~from_outside)


def _holders(session: Session, document_id: int) -> int:
    return int(
        session.scalar(select(func.count()).where(AnnotatorDocumentRow.document_id == document_id))
        or 0
    )
