"""A project (a file, or a database on a PostgreSQL server): the one object the CLI and the
GUI open, and what it can do.

Each method is one short unit of work with its own session, so a ``Project`` may be
used from the GUI thread and a worker thread at once.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ptcore.db.connection import prepare_schema, session_factory, truncate_wal
from ptcore.db.location import Location
from ptcore.db.models import ProjectRow
from ptcore.db.opening import open_existing, open_new
from ptcore.errors import UserError
from ptcore.records import Answer, DocumentRecord, Question, Span, Split, Status, Task
from ptcore.store import validation
from ptcore.store.annotations import AnnotationStore
from ptcore.store.documents import DocumentFilter, DocumentStore
from ptcore.store.importing import ImportOptions, ImportResult, import_records
from ptcore.store.labels import LabelStore, add_label, validate_name
from ptcore.store.model_folders import check_complete, remove_partials
from ptcore.store.model_paths import confined, models_dir, remove_model_dir, stored_form
from ptcore.store.runs import RunStore
from ptcore.store.stats import project_stats
from ptcore.store.views import Document, ProjectInfo, Run, RunStatus
from ptcore.team.documents import TeamDocumentStore
from ptcore.team.settings import team_settings
from ptcore.team.store import TeamAnnotationStore


class Project:
    def __init__(self, where: Location | Path | str, annotator: str | None = None) -> None:
        """Open an existing project: a file's path or a database's URL (``create`` makes one).
        ``annotator`` names who works (default: the OS user); in a team project
        ``annotations`` and ``documents.get`` are that annotator's own work (see
        ``ptcore.team``)."""
        self.location = Location.of(where)
        self._engine = open_existing(self.location)
        self.backup = prepare_schema(self.location, self._engine)
        self.Session = session_factory(self._engine)
        info = self.info()
        self.task = Task(info.task)
        self.annotator = current_user() if annotator is None else annotator.strip()
        self.team = team_settings(info.settings)
        self.labels = LabelStore(self.Session)
        self.documents: DocumentStore = DocumentStore(self.Session)
        self.annotations: AnnotationStore = AnnotationStore(
            self.Session, self.task, annotator=self.annotator
        )
        if self.team is not None:
            self.annotations = TeamAnnotationStore(
                self.Session, self.task, self.annotator, self.team
            )
            self.documents = TeamDocumentStore(self.Session, self.annotations)
        self.runs = RunStore(self.Session)
        self._recover_runs()

    @classmethod
    def create(
        cls,
        where: Location | Path | str,
        task: Task | str,
        labels: Iterable[str] = (),
        base_model: str = "",
        name: str = "",
    ) -> Project:
        """A new project in a new file, or in an empty database on a server."""
        location = Location.of(where)
        task = _task(task)
        engine = open_new(location)
        try:
            prepare_schema(location, engine)
            with session_factory(engine)() as session, session.begin():
                row = ProjectRow(
                    name=name or location.name, task=task, base_model=base_model, settings={}
                )
                session.add(row)
                for label in labels:
                    add_label(session, validate_name(label))
        finally:
            engine.dispose()
        return cls(location)

    @property
    def path(self) -> Path:
        """The project file; a project on a server has none (ask ``location``)."""
        if self.location.file is None:
            raise UserError(f"{self.location} is a database on a server, not a file.")
        return self.location.file

    @property
    def models_dir(self) -> Path:
        """Where this project's trained models live: beside the file, so they move with it
        (for a project on a server: on this machine, see ``Location.models_dir``)."""
        return models_dir(self.location)

    def stored_model_dir(self, folder: Path) -> str:
        """What ``runs.model_dir`` records for a model folder inside ``models_dir``."""
        return stored_form(self.location, folder)

    def model_folder(self, run: Run) -> Path:
        """The run's saved model folder, checked to lie inside ``models_dir``."""
        if not run.model_dir:
            raise UserError(f"Run {run.id} has no saved model.")
        folder = confined(self.location, run.model_dir)
        if not folder.is_dir():
            raise UserError(f"Run {run.id} has no saved model ({folder} is gone).")
        return folder

    def _recover_runs(self) -> None:
        """Runs whose training process died are marked interrupted, their leftovers removed."""
        for run_id in self.runs.mark_interrupted(self._complete_model):
            remove_partials(self.models_dir, f"run-{run_id}")

    def _complete_model(self, run_id: int) -> str:
        """The run's model folder as stored, if training saved one whole before it died."""
        folder = self.models_dir / f"run-{run_id}"
        try:
            check_complete(folder, required=True)
        except UserError:
            return ""
        return stored_form(self.location, folder)

    def delete_run(self, run_id: int) -> str:
        """Forget a run and remove its model folder if it lies inside ``models_dir``; returns
        a note of anything left in place ("" if none). A run still training is refused."""
        if self.runs.get(run_id).status == RunStatus.RUNNING:  # its owner lives (see _recover_runs)
            raise UserError(f"Run {run_id} is still training; stop it first.")
        return remove_model_dir(self.location, self.runs.delete(run_id))

    def info(self) -> ProjectInfo:
        with self.Session() as session:
            row = session.scalars(select(ProjectRow)).one()
            return ProjectInfo(row.name, row.task, row.base_model, dict(row.settings))

    def update_info(
        self,
        *,
        name: str | None = None,
        base_model: str | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        with self.Session() as session, session.begin():
            row = session.scalars(select(ProjectRow)).one()
            if name is not None:
                row.name = name
            if base_model is not None:
                row.base_model = base_model
            if settings is not None:
                row.settings = {**row.settings, **settings}

    def import_records(
        self, records: Iterable[DocumentRecord], source: Path, options: ImportOptions | None = None
    ) -> ImportResult:
        """Store records from ``source`` in one transaction; on any error nothing changes."""
        options = options or ImportOptions()
        options = replace(options, annotator=options.annotator or self.annotator)
        with self.Session() as session, session.begin():
            result = import_records(session, self.task, records, Path(source), options)
        truncate_wal(self._engine)
        return result

    def records(self, where: DocumentFilter | None = None) -> Iterator[DocumentRecord]:
        """Every matching document as a record, for export and training."""
        for document in self.documents.all(where):
            yield to_record(document)

    def stats(self) -> dict[str, Any]:
        with self.Session() as session:
            return project_stats(session, self.task)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def to_record(document: Document) -> DocumentRecord:
    return DocumentRecord(
        text=document.text,
        labels=list(document.label_names),
        entities=[Span(e.start, e.end, e.label) for e in document.entities],
        questions=[
            Question(
                q.text, [Answer(a.start, a.end) for a in q.answers], q.no_answer, q.external_id
            )
            for q in document.questions
        ],
        labeled=document.status == Status.LABELED,
        split=Split(document.split),
        external_id=document.external_id,
        line=document.id,
    )


def current_user() -> str:
    """Who the annotations are by: the operating-system account, or "" if it cannot be told."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _task(task: Task | str) -> Task:
    try:
        return Task(task)
    except ValueError:
        choices = ", ".join(t.value for t in Task)
        raise UserError(f"Unknown task {task!r}; choose one of {choices}.") from None


__all__ = ["DocumentFilter", "ImportOptions", "ImportResult", "Project", "validation"]
