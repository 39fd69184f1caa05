"""A project's documents written to a file, with what the format keeps besides the gold.

The CLI's ``export`` and the GUI's export dialog both come here: Label Studio files get
the shown run's predictions (with their ``model_version`` and scores), and a SQuAD file
the version the project's SQuAD data came in with.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ptcore.io.format_table import KEEPS_SUGGESTIONS
from ptcore.io.registry import write_records
from ptcore.io.squad import VERSION_KEY
from ptcore.records import DocumentRecord
from ptcore.store.project import Project
from ptcore.store.suggestions import model_name, shown_run, with_suggestions


def export_records(
    project: Project, records: Iterable[DocumentRecord], path: Path, format: str
) -> int:
    """Write ``records`` (as ``Project.records`` gives them) in ``format``; returns the count."""
    info = project.info()
    if format in KEEPS_SUGGESTIONS:
        run = shown_run(info.settings, project.runs)
        model = model_name(run, info.name) if run else ""
        records = with_suggestions(records, project.runs, run, model)
    version = info.settings.get(VERSION_KEY)
    return write_records(records, path, project.task, format, squad_version=version)
