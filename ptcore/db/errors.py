"""Database errors as one line a user understands, without the SQL or its parameters
(which would print document texts)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

BUSY = (
    "the project is busy: another program (an import or a training run) is writing to it; "
    "try again when it has finished"
)


def describe(error: DBAPIError) -> str:
    cause = str(error.orig)
    if "locked" in cause or "busy" in cause:
        return BUSY
    if "readonly" in cause:
        return "the project file cannot be written to (it or its folder is read-only)"
    if "disk is full" in cause or "disk I/O" in cause:
        return f"the project file could not be written ({cause}); free some disk space"
    return f"the project database failed: {cause}"
