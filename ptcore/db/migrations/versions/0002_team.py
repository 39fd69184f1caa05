"""team projects: each annotator's work, assignment, reviews, change log, gold version

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Only adds: new tables, and ``documents.version`` (SQLite adds a column in place, so the
documents table and its full-text triggers are not rebuilt). A single-person project keeps
its data and behaves as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME = 100


def _provenance() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _span(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f(f"ck_{table}_span")),
    ]


def _document_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["document_id"],
        ["documents.id"],
        name=op.f(f"fk_{table}_document_id_documents"),
        ondelete="CASCADE",
    )


def _label_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["label_id"], ["labels.id"], name=op.f(f"fk_{table}_label_id_labels"), ondelete="RESTRICT"
    )


def _question_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["question_id"],
        ["questions.id"],
        name=op.f(f"fk_{table}_question_id_questions"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "annotator_documents",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=NAME), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('claimed', 'unlabeled', 'labeled', 'skipped')",
            name=op.f("ck_annotator_documents_status"),
        ),
        _document_fk("annotator_documents"),
        sa.PrimaryKeyConstraint("document_id", "annotator", name=op.f("pk_annotator_documents")),
    )
    op.create_index(
        "ix_annotator_documents_annotator_status", "annotator_documents", ["annotator", "status"]
    )
    op.create_table(
        "annotator_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=NAME), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        *_provenance(),
        _document_fk("annotator_labels"),
        _label_fk("annotator_labels"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotator_labels")),
        sa.UniqueConstraint(
            "document_id", "annotator", "label_id", name=op.f("uq_annotator_labels_document_id")
        ),
    )
    op.create_index(op.f("ix_annotator_labels_document_id"), "annotator_labels", ["document_id"])
    op.create_table(
        "annotator_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=NAME), nullable=False),
        *_span("annotator_entities"),
        sa.Column("label_id", sa.Integer(), nullable=False),
        *_provenance(),
        _document_fk("annotator_entities"),
        _label_fk("annotator_entities"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotator_entities")),
    )
    op.create_index(
        "ix_annotator_entities_document_annotator",
        "annotator_entities",
        ["document_id", "annotator"],
    )
    op.create_table(
        "annotator_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=NAME), nullable=False),
        *_span("annotator_answers"),
        *_provenance(),
        _question_fk("annotator_answers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotator_answers")),
    )
    op.create_index(
        "ix_annotator_answers_question_annotator",
        "annotator_answers",
        ["question_id", "annotator"],
    )
    op.create_table(
        "annotator_no_answers",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=NAME), nullable=False),
        _question_fk("annotator_no_answers"),
        sa.PrimaryKeyConstraint("question_id", "annotator", name=op.f("pk_annotator_no_answers")),
    )
    op.create_table(
        "reviews",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=NAME), nullable=False),
        sa.Column("decision", sa.String(length=NAME + 20), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        _document_fk("reviews"),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_reviews")),
    )
    op.create_table(
        "team_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("layer", sa.String(length=NAME + 20), nullable=False),
        sa.Column("changed_by", sa.String(length=NAME), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        _document_fk("team_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_changes")),
    )
    op.create_index(op.f("ix_team_changes_document_id"), "team_changes", ["document_id"])


def downgrade() -> None:
    for table in (
        "team_changes",
        "reviews",
        "annotator_no_answers",
        "annotator_answers",
        "annotator_entities",
        "annotator_labels",
        "annotator_documents",
    ):
        op.drop_table(table)
    op.drop_column("documents", "version")  # in place (SQLite 3.35+): keeps the FTS triggers
