"""Which model's predictions the window shows, and a small cache of them by document.

The engine stores a run's predictions in the project; the cache reads them on demand, a page
of list rows or one document at a time, never the whole project. It follows the training
session (``follow_training``): after each evaluation it shows the running model's
predictions (or re-reads the pinned run's), and when a run ends the kept model's; ``changed``
then tells the list and the editor to redraw.

New predictions for the documents already shown are read in the background, and the window
keeps the previous ones until they arrive: read on the GUI thread while the trainer ran, a
page of them froze the window for 50-100 ms at every evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDoubleSpinBox

from app.support.background import BackgroundJob, run_in_background
from app.support.logs import log
from app.training.active import follow_new_run, is_pinned, shown_run
from app.window.document_list import Column
from ptcore.engine.tasks.registry import spec_for
from ptcore.store.project import Project
from ptcore.store.views import DocumentSummary, Prediction

if TYPE_CHECKING:
    from app.training.session import TrainingSession

CACHE_DOCUMENTS = 5000  # enough for a few pages of the list and the documents just seen
REREAD_DOCUMENTS = 600  # re-read after new predictions: the pages and documents seen last
DISAGREE_MARK = "≠"
WARNING_COLOR = "#D55E00"  # Okabe–Ito vermillion: reads on light and dark backgrounds
THRESHOLD_KEY = "low_confidence_threshold"  # in the project's settings, like the active run


class PredictionCache(QObject):
    changed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.spec = spec_for(project.task)
        self._run_id = shown_run(project)
        self._cache: dict[int, tuple[Prediction, ...]] = {}
        self._generation = 0  # of refreshes: only the latest one's reading is taken
        self._reading: BackgroundJob | None = None  # the latest refresh's, until it lands
        self._fresh: dict[int, tuple[Prediction, ...]] = {}  # read for the new run meanwhile

    @property
    def run_id(self) -> int | None:
        return self._run_id

    def set_run(self, run_id: int | None) -> None:
        """Show ``run_id``'s predictions (None: show none)."""
        self._run_id = run_id
        self.refresh()

    def refresh(self) -> None:
        """The engine has stored new predictions: re-read those of the documents shown last,
        in the background; ``changed`` is emitted when they are in. Documents first read in
        the meantime are read for the new run at once, and kept."""
        self._generation += 1
        if self._reading is not None:
            self._reading.cancel()  # superseded: a job cancelled before it starts never runs
        self._fresh = {}
        wanted = list(self._cache)[-REREAD_DOCUMENTS:]
        if self._run_id is None or not wanted:  # nothing to read first
            self._take(self._generation, {})
            return
        generation, project, run_id = self._generation, self.project, self._run_id
        self._reading = run_in_background(
            lambda _progress: read_predictions(project, run_id, wanted),
            on_success=lambda found: self._take(generation, found),
            on_failure=lambda error: self._read_failed(generation, error),
        )

    def _take(self, generation: int, found: dict[int, tuple[Prediction, ...]]) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # a later refresh is on its way, or the window is gone
        self._cache, self._fresh, self._reading = {**found, **self._fresh}, {}, None
        self.changed.emit()

    def _read_failed(self, generation: int, error: BaseException) -> None:
        """Forget the old run's predictions anyway: what is shown next is read on demand, where
        the error will show if it persists."""
        log.warning("reading predictions in the background failed: %s", error)
        self._take(generation, {})

    def follow_training(self, session: TrainingSession) -> None:
        """Show the running model's predictions as it trains, and the kept one's after."""
        session.evaluated.connect(self._on_evaluated)
        session.run_finished.connect(self._on_run_finished)
        session.pending_predicted.connect(self._on_pending_predicted)

    def _on_evaluated(self, run_id: int, _info: object) -> None:
        """The running model's predictions are stored at each evaluation: live suggestions,
        unless the user pinned a run."""
        if is_pinned(self.project):
            self.refresh()
        else:
            self.set_run(run_id)

    def _on_run_finished(self, run_id: int, _status: str) -> None:
        """The kept model's predictions at once, also after Cancel or a time limit."""
        if self.project.runs.get(run_id).model_dir:
            follow_new_run(self.project, run_id)
        self.set_run(shown_run(self.project))

    def _on_pending_predicted(self, run_id: int) -> None:
        if run_id == self._run_id:
            self.refresh()

    def fetch(self, document_ids: Iterable[int]) -> None:
        """Read the predictions of the given documents that are not cached yet (one query)."""
        wanted = [i for i in document_ids if i not in self._cache]
        if not wanted:
            return
        for old in list(self._cache)[: max(0, len(self._cache) + len(wanted) - CACHE_DOCUMENTS)]:
            del self._cache[old]  # the oldest reads first
        if self._run_id is None:
            found: dict[int, tuple[Prediction, ...]] = {i: () for i in wanted}
        else:
            found = read_predictions(self.project, self._run_id, wanted)
        self._cache.update(found)
        if self._reading is not None:
            self._fresh.update(found)  # already the new run's: keep them when its reading lands

    def for_document(self, document_id: int) -> list[Prediction]:
        if document_id not in self._cache:
            self.fetch([document_id])
        return list(self._cache[document_id])

    # What the document list shows ------------------------------------------------------
    def describe(self, predictions: Iterable[Prediction], long: bool = False) -> str:
        """A document's predictions as a cell ("2 LOC · 1 PER"), as the task's spec words it."""
        return self.spec.cell([p.payload for p in predictions], long)

    def columns(self) -> list[Column]:
        def of(summary: DocumentSummary) -> list[Prediction]:
            return self.for_document(summary.id)  # the list fetched its page already

        return [
            Column(
                "Model",
                lambda s: self.describe(of(s)),
                width=96,
                tooltip=lambda s: self.describe(of(s), long=True),
            ),
            Column("Conf.", lambda s: confidence_text(of(s)), width=54),
            Column(
                DISAGREE_MARK,
                lambda s: DISAGREE_MARK if disagrees(of(s)) else "",
                lambda s: WARNING_COLOR if disagrees(of(s)) else None,
                width=26,
                tooltip=lambda s: (
                    "The model disagrees with the gold annotation" if disagrees(of(s)) else ""
                ),
            ),
        ]


def read_predictions(
    project: Project, run_id: int, document_ids: list[int]
) -> dict[int, tuple[Prediction, ...]]:
    """Run ``run_id``'s predictions of ``document_ids`` (one query; any thread)."""
    found: dict[int, list[Prediction]] = {i: [] for i in document_ids}
    for prediction in project.runs.predictions(run_id, document_ids):
        found[prediction.document_id].append(prediction)
    return {i: tuple(p) for i, p in found.items()}


def confidence(predictions: Iterable[Prediction]) -> float | None:
    """A document's confidence: that of its least sure prediction."""
    return min((p.confidence for p in predictions), default=None)


def confidence_text(predictions: Iterable[Prediction]) -> str:
    value = confidence(predictions)
    return "" if value is None else f"{value:.2f}"


def disagrees(predictions: Iterable[Prediction]) -> bool:
    return any(p.disagrees for p in predictions)


def connect_predictions(hub: PredictionCache, panel, editor) -> None:  # type: ignore[no-untyped-def]
    """Wire the hub to the list (columns, filters) and the editor (overlay, suggestions)."""
    panel.attach_predictions(hub)
    remember_threshold(hub.project, panel.threshold)

    def show() -> None:
        document_id = editor.document_id
        editor.set_predictions(hub.for_document(document_id) if document_id is not None else [])

    panel.current_changed.connect(show)  # after the editor's set_document: connected later
    hub.changed.connect(show)


def remember_threshold(project: Project, spin: QDoubleSpinBox) -> None:
    """Show the low-confidence threshold saved in the project's settings, and save each
    change to it there: what counts as unsure depends on the project's task and model."""
    saved = project.info().settings.get(THRESHOLD_KEY)
    if isinstance(saved, int | float) and not isinstance(saved, bool):
        spin.blockSignals(True)
        spin.setValue(float(saved))
        spin.blockSignals(False)
    spin.valueChanged.connect(
        lambda value: project.update_info(settings={THRESHOLD_KEY: round(value, 2)})
    )
