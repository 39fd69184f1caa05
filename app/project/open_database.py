"""File ▸ Open database…: a project on a PostgreSQL server, named by its URL.

The URL is checked before anything connects; one holding a password is refused (the message
says to use PGPASSWORD or ~/.pgpass), so no password reaches the recent list or the log.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ptcore.db.location import Location

PROMPT = (
    "A project on a PostgreSQL server:\n"
    "postgresql://USER@HOST[:PORT]/DATABASE\n\n"
    "The password comes from PGPASSWORD or your ~/.pgpass file, never from the URL."
)
EXAMPLE = "postgresql://USER@HOST/DATABASE"


def ask_database(parent: QWidget | None, last: str = "") -> Location | None:
    """The database the user typed (checked, no password), or None if they cancelled.
    A URL that is refused raises ``UserError`` with the reason."""
    text, accepted = QInputDialog.getText(
        parent, "Open database", PROMPT, QLineEdit.EchoMode.Normal, last or EXAMPLE
    )
    if not accepted or not text.strip() or text.strip() == EXAMPLE:
        return None
    return Location.of(text.strip())
