"""Where a project lives: an SQLite file, or a database on a PostgreSQL server.

Everything that accepts a project (the CLI, ``Project``, the GUI's Open and recent list) takes
either a path or a ``postgresql://USER@HOST[:PORT]/DATABASE`` URL and asks a ``Location`` what
it needs: how to connect, what to call the project, where its trained models go.

A URL never carries a password: one typed with it is refused, so it cannot reach the project
file, the settings, the recent list or a log. libpq finds the password itself, in
``PGPASSWORD`` or the user's password file (``~/.pgpass``, ``%APPDATA%\\postgresql\\pgpass.conf``),
and takes ``PGUSER``, ``PGHOST``, ``PGPORT`` for whatever the URL leaves out.

Trained models of a file project live beside the file (``NAME.models/``). A server project has
no folder of its own, so its models live on this machine under the models root (the
``PTS_MODELS_DIR`` environment variable, else ``P-Tuning Studio/models`` in the user data
folder), in ``HOST-PORT/DATABASE.models/``.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ptcore.errors import UserError

URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DRIVER = "postgresql+psycopg"
MODELS_ENV = "PTS_MODELS_DIR"
DEFAULT_PORT = 5432
NO_PASSWORD = (
    "holds a password; leave it out and put it in the PGPASSWORD environment variable "
    "or your ~/.pgpass file (PostgreSQL's client reads both), so it is never stored or shown"
)


@dataclass(frozen=True)
class Location:
    """A project file (``file``) or a PostgreSQL database (``url``, never with a password)."""

    file: Path | None = None
    url: URL | None = None

    @classmethod
    def of(cls, where: Location | Path | str) -> Location:
        """A path or a URL, as typed on a command line or in a dialog."""
        if isinstance(where, Location):
            return where
        text = str(where)
        if isinstance(where, str) and URL_START.match(text):
            return cls(url=_parse_url(text))
        return cls(file=Path(where))

    @property
    def is_file(self) -> bool:
        return self.file is not None

    def __str__(self) -> str:
        """How the project is named to the user: the path, or the URL (no password to hide)."""
        if self.file is not None:
            return str(self.file)
        assert self.url is not None
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    @property
    def name(self) -> str:
        """A default project name: the file's stem, or the database's name."""
        if self.file is not None:
            return self.file.stem
        assert self.url is not None and self.url.database
        return self.url.database

    def engine_url(self) -> str | URL:
        if self.file is not None:
            return f"sqlite:///{self.file}"
        assert self.url is not None
        return self.url.set(drivername=DRIVER)

    @property
    def models_base(self) -> Path:
        """The folder a run's stored ``model_dir`` is relative to."""
        if self.file is not None:
            return self.file.resolve().parent
        assert self.url is not None
        server = f"{self.url.host or 'localhost'}-{self.url.port or DEFAULT_PORT}"
        return models_root() / _safe(server)

    @property
    def models_dir(self) -> Path:
        """Where the project's trained models live (see the module's docstring)."""
        if self.file is not None:
            return self.file.with_name(self.file.stem + ".models")
        return self.models_base / f"{_safe(self.name)}.models"


def _parse_url(text: str) -> URL:
    scheme = text.split("://", 1)[0]
    if scheme.lower() not in POSTGRES_SCHEMES:
        raise UserError(
            f"{scheme}://… is not a kind of project this app opens: give a project file's path "
            "or a postgresql://USER@HOST/DATABASE URL."
        )
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise UserError(
            f"{_without_password(text)} is not a database URL; write it as "
            "postgresql://USER@HOST[:PORT]/DATABASE."
        ) from None
    shown = url.set(drivername="postgresql").render_as_string(hide_password=True)
    if url.password is not None or "password" in url.query:
        raise UserError(f"The database URL {_without_password(shown)} {NO_PASSWORD}.")
    if not url.database:
        raise UserError(f"The database URL {shown} names no database: add /DATABASE to it.")
    return url


def _without_password(text: str) -> str:
    """``text`` with any ``:password@`` and ``password=`` value masked, for messages."""
    text = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", text)
    return re.sub(r"(password=)[^&]*", r"\1***", text, flags=re.IGNORECASE)


def _safe(name: str) -> str:
    """A folder name from a host or database name (no separators, no dot-dot)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name).lstrip(".") or "_"


def models_root() -> Path:
    """Where server projects keep their models on this machine."""
    if chosen := os.environ.get(MODELS_ENV):
        return Path(chosen)
    if sys.platform == "win32":
        data = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        data = Path.home() / "Library" / "Application Support"
    else:
        data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "P-Tuning Studio" / "models"
