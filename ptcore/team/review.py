"""Review: a reviewer decides a document's gold version (accept one annotator's, or save a
merged or edited one). A reviewed document is never overwritten by the gold rule.

Each call takes the gold version number the reviewer read (``gold_version``); if the gold
changed since (another reviewer, or the rule after an annotator's write), it raises
``ConflictError`` and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ptcore.db.models import DocumentRow, utcnow
from ptcore.db.team_models import AnnotatorDocumentRow, ReviewRow
from ptcore.errors import ConflictError, ValidationError
from ptcore.records import Status
from ptcore.store.project import Project
from ptcore.store.views import Document
from ptcore.task_shapes import shape_of
from ptcore.team.by_annotator import annotations_by_annotator
from ptcore.team.changes import REVIEW, last_change_by, record_change
from ptcore.team.gold import check_version, document_with_questions, write_gold
from ptcore.team.voting import version_of

ACCEPTED = "accepted:"
MERGED = "merged"
EDITED = "edited"


@dataclass(frozen=True)
class Review:
    document_id: int
    reviewer: str
    decision: str  # "accepted:NAME", "merged" or "edited"
    reviewed_at: str  # ISO 8601


def gold_version(project: Project, document_id: int) -> int:
    """The number of the document's current gold version: pass it back when reviewing."""
    with project.Session() as session:
        version = session.scalar(select(DocumentRow.version).where(DocumentRow.id == document_id))
    if version is None:
        raise ValidationError(f"Document {document_id} does not exist.")
    return version


def save_review(
    project: Project,
    document_id: int,
    gold: Document,
    read_version: int,
    reviewer: str | None = None,
    decision: str = EDITED,
) -> int:
    """Make ``gold`` (a ``Document`` holding the chosen class labels, entities and answers;
    its ids are ignored, questions are matched by id) the document's reviewed gold version.
    Returns the new gold version number."""
    reviewer = reviewer or project.annotator
    with project.Session() as session, session.begin():
        document = document_with_questions(session, document_id, for_update=True)
        _check_read(session, document, read_version)
        version = version_of(gold, reviewer)
        check_version(document, version, shape_of(project.task))
        write_gold(session, document, version, Status.LABELED)
        session.merge(
            ReviewRow(
                document_id=document_id, reviewer=reviewer, decision=decision, reviewed_at=utcnow()
            )
        )
        record_change(session, document_id, REVIEW, reviewer)
        return document.version


def accept_annotator_version(
    project: Project,
    document_id: int,
    annotator: str,
    read_version: int,
    reviewer: str | None = None,
) -> int:
    """Make ``annotator``'s finished version of the document its reviewed gold version."""
    versions = annotations_by_annotator(project, finished_only=False).get(document_id, {})
    if annotator not in versions:
        raise ValidationError(f"{annotator} has no version of document {document_id}.")
    return save_review(
        project, document_id, versions[annotator], read_version, reviewer, f"{ACCEPTED}{annotator}"
    )


def save_merged_review(
    project: Project,
    document_id: int,
    merged: Document,
    read_version: int,
    reviewer: str | None = None,
) -> int:
    """As ``save_review``, recorded as a merge of annotators' versions."""
    return save_review(project, document_id, merged, read_version, reviewer, MERGED)


def review_of(project: Project, document_id: int) -> Review | None:
    """The document's review, or None if the gold rule still decides it."""
    with project.Session() as session:
        row = session.get(ReviewRow, document_id)
        if row is None:
            return None
        return Review(row.document_id, row.reviewer, row.decision, row.reviewed_at.isoformat())


def needs_review(project: Project) -> list[int]:
    """Documents annotators finished whose gold the rule could not decide (no majority, or
    the named annotator has not done it yet), and that no one has reviewed."""
    finished = exists().where(
        AnnotatorDocumentRow.document_id == DocumentRow.id,
        AnnotatorDocumentRow.status == Status.LABELED,
    )
    reviewed = exists().where(ReviewRow.document_id == DocumentRow.id)
    with project.Session() as session:
        return list(
            session.scalars(
                select(DocumentRow.id)
                .where(DocumentRow.status == Status.UNLABELED, finished, ~reviewed)
                .order_by(DocumentRow.id)
            )
        )


def _check_read(session: Session, document: DocumentRow, read_version: int) -> None:
    if document.version != read_version:
        by = last_change_by(session, document.id)
        raise ConflictError(
            document.id,
            by,
            f"The gold version of document {document.id} was changed by {by} since you read it "
            f"(version {document.version}, you had {read_version}). Nothing was stored; "
            "reload the document and review it again.",
        )
