"""Alembic environment: runs on the connection the store hands over in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from ptcore.db.connection import is_modelled
from ptcore.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that safely.
    compare_type=True,
    include_object=is_modelled,
)
with context.begin_transaction():
    context.run_migrations()
