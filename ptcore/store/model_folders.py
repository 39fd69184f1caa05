"""Model folders written whole or not at all, and checked whole before they are used.

A folder is written into a temporary sibling, given a manifest (every file's size and
SHA-256), flushed to disk and only then renamed into place; so a kill or a full disk leaves
the previous folder or none, never a torn one. Loading checks the manifest, so a folder that
was cut short, or altered since, is refused by every command.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ptcore.errors import UserError

MANIFEST_FILE = "manifest.json"
PARTIAL = ".partial-"


def write_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Have ``write`` fill a temporary sibling of ``target``, then put it in place whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}{PARTIAL}", dir=target.parent))
    try:
        write(temporary)
        _write_manifest(temporary)
        _replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def check_complete(folder: Path, required: bool) -> None:
    """Refuse ``folder`` unless its files match its manifest (``required``: it must have one)."""
    path = folder / MANIFEST_FILE
    if not path.is_file():
        if required:
            raise UserError(f"{folder} is incomplete (no {MANIFEST_FILE}); it was not saved whole.")
        return
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))["files"]
        expected = {str(name): (int(v["size"]), str(v["sha256"])) for name, v in listed.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(f"{path} is damaged: {error}") from None
    for name, (size, digest) in expected.items():
        file = folder / name
        if Path(name).name != name or not file.is_file() or file.stat().st_size != size:
            raise UserError(f"{folder} is incomplete or altered: {name} is missing or cut short.")
        if _sha256(file) != digest:
            raise UserError(f"{folder} is altered: {name} does not match {MANIFEST_FILE}.")


def remove_partials(folder: Path, name: str) -> None:
    """Temporary siblings of ``folder/name`` that a killed writer left behind."""
    for leftover in folder.glob(f".{name}{PARTIAL}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _write_manifest(folder: Path) -> None:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    listed = {p.name: {"size": p.stat().st_size, "sha256": _sha256(p)} for p in files}
    (folder / MANIFEST_FILE).write_text(json.dumps({"files": listed}, indent=2), encoding="utf-8")
    for path in [*files, folder / MANIFEST_FILE, folder]:
        _fsync(path)


def _replace(new: Path, target: Path) -> None:
    """Rename ``new`` to ``target``; an old folder there is moved aside first, then removed."""
    old = None
    if target.is_symlink():
        target.unlink()
    elif target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}{PARTIAL}old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(new, target)
    _fsync(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to disk (folders cannot be opened on Windows)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
