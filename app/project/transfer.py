"""Imports and exports run in the background helper, behind a progress dialog with Cancel.

Cancelling an import makes the store roll its one transaction back: the project is
unchanged. Cancelling an export leaves no file: it is written beside the target and
renamed only when complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.models.fit_view import ImportSummary, fit_warning
from app.project.import_export import ExportRequest, ImportRequest
from app.support.background import BackgroundJob, Progress, run_in_background
from app.support.messages import Cancelled, MessageBridge
from ptcore.exporting import export_records
from ptcore.import_summary import import_lines
from ptcore.io import registry
from ptcore.records import DocumentRecord, Status, collecting_texts
from ptcore.store.documents import DocumentFilter
from ptcore.store.importing import ImportOptions, ImportResult
from ptcore.store.project import Project
from ptcore.store.safe_output import atomic_output, check_target

PROGRESS_DELAY_MS = 300


def import_op(project: Project, request: ImportRequest) -> Callable[[Progress], str]:
    def op(progress: Progress) -> str:
        report = registry.ImportReport()
        records = registry.read_records(
            request.path, project.task, request.format or None, report=report
        )
        options = ImportOptions(
            split=request.split,
            add_labels=request.add_labels,
            dedupe=request.dedupe,
            progress=progress.report,
            should_stop=progress.should_stop,
            tool=report.format,
            learned=report.learned,
        )
        texts: list[str] = []
        result: ImportResult = project.import_records(
            collecting_texts(records, texts), request.path, options
        )
        lines = "\n".join(import_lines(result, report))  # the headline, then one fact a line
        return ImportSummary(lines, fit_warning(project, texts))

    return op


def export_op(project: Project, request: ExportRequest) -> Callable[[Progress], str]:
    def op(progress: Progress) -> str:
        where = DocumentFilter(
            split=request.split, status=Status.LABELED if request.labeled_only else None
        )
        total = project.documents.count(where)
        check_target(request.path, project.location.file)
        with atomic_output(request.path) as partial:
            count = export_records(
                project, _watched(project.records(where), progress, total), partial, request.format
            )
        return f"Exported {count} documents to {request.path}."

    return op


def _watched(
    records: Iterator[DocumentRecord], progress: Progress, total: int
) -> Iterator[DocumentRecord]:
    for done, record in enumerate(records, 1):
        if progress.should_stop():
            raise Cancelled()
        if done % 500 == 0:
            progress.report(done, total)
        yield record


def run_with_progress(
    parent: QWidget,
    title: str,
    op: Callable[[Progress], str],
    bridge: MessageBridge,
    on_done: Callable[[str | None], None],
) -> BackgroundJob:
    """Run ``op`` behind a progress dialog; ``on_done`` gets None if it failed or stopped."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else 0)
        dialog.setLabelText(f"{title}: {done:,} documents" + (f" of {total:,}" if total else ""))

    def finish(summary: str | None) -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        on_done(summary)

    def failed(error: BaseException) -> None:
        finish(None)
        bridge.report(error, parent)

    job = run_in_background(
        op,
        on_success=finish,
        on_failure=failed,
        on_progress=progressed,
        on_cancelled=lambda: finish(None),
        title=title,
    )
    dialog.canceled.connect(job.cancel)
    job.dialog = dialog
    return job
