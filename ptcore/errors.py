"""Errors the user's input or environment caused. Anything else is a bug.

The CLI prints ``str(error)`` as one line and exits non-zero; the GUI shows it in a
message box. Neither shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Something the user can fix: a bad file, a bad argument, a wrong model folder."""


class InputFileError(UserError):
    """A problem at a known place in an input file."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class ValidationError(UserError):
    """An annotation or document that breaks the project's rules (spans, labels, overlaps)."""


class ModelCannotRead(UserError):
    """The base model cannot read the project's text (too many unknown tokens); ``fit`` holds
    the fit check's numbers. The GUI offers "Train anyway", the CLI ``--force``."""

    def __init__(self, message: str, fit: object) -> None:
        super().__init__(message)
        self.fit = fit


class ConflictError(UserError):
    """A write based on a version of a document that someone else has changed since it was
    read (another window, machine or reviewer). Nothing was stored; reload and redo it."""

    def __init__(self, document_id: int, changed_by: str, message: str) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.changed_by = changed_by
