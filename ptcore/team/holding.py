"""An annotator's hold on a document: the ``annotator_documents`` row made when the document
is handed to them (``next_document_for``) or when they first write to it."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ptcore.db.team_models import AnnotatorDocumentRow

CLAIMED = "claimed"  # handed out, not yet touched


def ensure_holder(session: Session, document_id: int, annotator: str) -> bool:
    """Give the annotator a (claimed) row for the document unless they have one; True if this
    made it. One statement, so two writers at once cannot both insert it (PostgreSQL)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = {"document_id": document_id, "annotator": annotator, "status": CLAIMED, "version": 0}
    inserted = session.execute(
        dialect.insert(AnnotatorDocumentRow).values(**values).on_conflict_do_nothing()
    )
    return bool(inserted.rowcount)  # type: ignore[attr-defined]
