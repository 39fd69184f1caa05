"""The tables of a team project (migration 0002): each annotator's own work beside the gold
layer, who holds which document, reviews, and a change log the GUI polls.

The gold tables (``class_labels``, ``entities``, ``answers``, ``questions.no_answer``) stay
what training, export and statistics read; a single-person project never writes these.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ptcore.db.models import Base, utcnow

ANNOTATOR = 100  # characters in an annotator's name


class AnnotatorDocumentRow(Base):
    """Where one annotator stands with one document; ``version`` counts their writes to it."""

    __tablename__ = "annotator_documents"
    __table_args__ = (
        CheckConstraint("status IN ('claimed', 'unlabeled', 'labeled', 'skipped')", name="status"),
        Index("ix_annotator_documents_annotator_status", "annotator", "status"),
    )

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    annotator: Mapped[str] = mapped_column(String(ANNOTATOR), primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="claimed")
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotatorLabelRow(Base):
    __tablename__ = "annotator_labels"
    __table_args__ = (UniqueConstraint("document_id", "annotator", "label_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    annotator: Mapped[str] = mapped_column(String(ANNOTATOR))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(10), default="human")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotatorEntityRow(Base):
    __tablename__ = "annotator_entities"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        Index("ix_annotator_entities_document_annotator", "document_id", "annotator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(String(ANNOTATOR))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(10), default="human")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotatorAnswerRow(Base):
    __tablename__ = "annotator_answers"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        Index("ix_annotator_answers_question_annotator", "question_id", "annotator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(String(ANNOTATOR))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), default="human")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnotatorNoAnswerRow(Base):
    """An annotator's mark that a question has no answer in its context."""

    __tablename__ = "annotator_no_answers"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    annotator: Mapped[str] = mapped_column(String(ANNOTATOR), primary_key=True)


class ReviewRow(Base):
    """A reviewer's decision on a document's gold version; the gold rule no longer touches it."""

    __tablename__ = "reviews"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    reviewer: Mapped[str] = mapped_column(String(ANNOTATOR))
    decision: Mapped[str] = mapped_column(String(ANNOTATOR + 20))  # "accepted:NAME", "edited"
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeRow(Base):
    """One committed change to a document, numbered in commit order, for polling."""

    __tablename__ = "team_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    layer: Mapped[str] = mapped_column(String(ANNOTATOR + 20))  # "gold", "review", "annotator:NAME"
    changed_by: Mapped[str] = mapped_column(String(ANNOTATOR))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
