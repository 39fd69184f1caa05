"""The project file's tables, as SQLAlchemy 2.0 typed declarative models.

One SQLite file holds one project. Annotations are stored in character offsets
(Python ``str`` indices), never token indices, so a change of tokenizer never
invalidates a user's work. Every annotation row records who made it, when, and
whether it came from a person or from an accepted model suggestion.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names make Alembic's batch mode (SQLite table rebuilds) predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


def table(model: type[Base]) -> Table:
    """The Core table behind a model, for executemany inserts that skip the ORM's bookkeeping."""
    return cast(Table, model.__table__)


class ProjectRow(Base):
    """The single row that says what this project file is."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    task: Mapped[str] = mapped_column(String(20))
    base_model: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LabelRow(Base):
    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    color: Mapped[str] = mapped_column(String(9))
    shortcut: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("split IN ('train', 'dev', 'test')", name="split"),
        CheckConstraint("status IN ('unlabeled', 'labeled', 'skipped')", name="status"),
        Index("ix_documents_status_split", "status", "split"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(40), index=True)
    split: Mapped[str] = mapped_column(String(5))
    split_is_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="unlabeled")
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Counts writes to the gold layer by team code (rule, review), so a stale review is refused.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    class_labels: Mapped[list[ClassLabelRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )
    questions: Mapped[list[QuestionRow]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="QuestionRow.position",
    )


class AnnotationMixin:
    """Provenance every annotation carries."""

    source: Mapped[str] = mapped_column(String(10), default="human")
    annotator: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClassLabelRow(AnnotationMixin, Base):
    """A class label on a document (one for single-label projects, any number for multi-label)."""

    __tablename__ = "class_labels"
    __table_args__ = (UniqueConstraint("document_id", "label_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"), index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="class_labels")


class EntityRow(AnnotationMixin, Base):
    """A typed span ``text[start:end]`` in a document."""

    __tablename__ = "entities"
    __table_args__ = (CheckConstraint('start >= 0 AND start < "end"', name="span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="RESTRICT"), index=True)

    document: Mapped[DocumentRow] = relationship(back_populates="entities")


class QuestionRow(Base):
    """A question about a QA document's text (its context)."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    no_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[DocumentRow] = relationship(back_populates="questions")
    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AnswerRow.id",
    )


class AnswerRow(AnnotationMixin, Base):
    """One acceptable answer ``context[start:end]`` to a question."""

    __tablename__ = "answers"
    __table_args__ = (CheckConstraint('start >= 0 AND start < "end"', name="span"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    question: Mapped[QuestionRow] = relationship(back_populates="answers")


class RunRow(Base):
    """One training run: its settings, the exact annotations it saw, where its model lives."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="running")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    training_set: Mapped[dict[str, Any]] = mapped_column(default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model_dir: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[str] = mapped_column(String(100), default="")
    num_train_documents: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class RunMetricRow(Base):
    """One evaluation during a run (per epoch or step) on one split."""

    __tablename__ = "run_metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    epoch: Mapped[float] = mapped_column(Float)
    split: Mapped[str] = mapped_column(String(5))
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PredictionRow(Base):
    """A run's prediction for a document (or one of its questions), with its confidence."""

    __tablename__ = "predictions"
    __table_args__ = (Index("ix_predictions_run_document", "run_id", "document_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # Whether the prediction differs from the gold annotation when it was made; NULL when
    # the document had no gold annotation then.
    disagrees: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The team tables register on the same metadata (migration 0002); imported last, as they
# build on the models above.
from ptcore.db import team_models as team_models  # noqa: E402
