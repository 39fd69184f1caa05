"""Review: a document's versions by each annotator side by side, and the gold the reviewer
decides: accept one annotator's version, merge them, or tick and drag the gold by hand.

Saving goes through the team store's review functions with the gold version the dialog
read; if someone changed the gold since, nothing is stored and the dialog says who, then
shows the document as it now stands.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.support.messages import MessageBridge
from app.team.gold_editor import GoldEditor
from app.team.merge import Rules, made_by, merge, units_of
from app.team.version_view import VersionView
from app.team.versions import Versions, versions_of
from app.widgets.screen_fit import resize_to_fit
from ptcore.errors import ConflictError, UserError
from ptcore.store.project import Project
from ptcore.task_shapes import shape_of
from ptcore.team.review import (
    EDITED,
    MERGED,
    accept_annotator_version,
    gold_version,
    review_of,
    save_merged_review,
    save_review,
)


class ReviewDialog(QDialog):
    reviewed = Signal(int)  # a document's gold was saved

    def __init__(
        self,
        project: Project,
        bridge: MessageBridge,
        waiting: list[int],
        current: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review")
        self.project, self.bridge, self.waiting = project, bridge, list(waiting)
        self.shape = shape_of(project.task)
        self.colors = {label.name: label.color for label in project.labels.all()}
        self.documents = QComboBox()
        self.state = QLabel(wordWrap=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.versions_row = QSplitter(Qt.Orientation.Horizontal)
        self.versions_row.setChildrenCollapsible(False)
        self.gold = GoldEditor(self.shape, self.colors)
        self.merge_button = QPushButton("Merge")
        self.merge_button.setToolTip(
            "Keep what most annotators made, and what only some made that no one contradicted"
        )
        self.save_button = QPushButton("Save gold")
        self.panels: dict[str, QPushButton] = {}  # annotator -> their Accept button
        self.document_id: int | None = None
        self.versions: Versions | None = None
        self.read_version = 0
        self.decision = EDITED
        self._layout()
        self._fill_documents(current)
        self._connect()
        resize_to_fit(self, 1200, 760)
        self._load_chosen()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Document:"))
        top.addWidget(self.documents, 1)
        gold_box = QGroupBox("Gold (your decision)")
        QVBoxLayout(gold_box).addWidget(self.gold)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.versions_row)
        split.addWidget(gold_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        for button in (self.merge_button, self.save_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _fill_documents(self, current: int | None) -> None:
        """The documents waiting for review, then the open one; the open one first shown if
        it waits, else the first that waits."""
        for document_id in self.waiting:
            self.documents.addItem(f"{document_id} · needs review", document_id)
        if current is not None and current not in self.waiting:
            self.documents.addItem(f"{current} · the open document", current)
        self.documents.setCurrentIndex(
            max(0, self.documents.findData(current)) if current in self.waiting else 0
        )
        if not self.documents.count():
            self.documents.addItem("Nothing needs review, and no document is open", None)

    def _connect(self) -> None:
        self.documents.currentIndexChanged.connect(self._load_chosen)
        self.merge_button.clicked.connect(self.merge)
        self.save_button.clicked.connect(self.save)
        self.gold.edited.connect(lambda: setattr(self, "decision", EDITED))

    # Loading ---------------------------------------------------------------------
    def _load_chosen(self) -> None:
        document_id = self.documents.currentData()
        for button in (self.merge_button, self.save_button):
            button.setEnabled(document_id is not None)
        if document_id is not None:
            self.load(int(document_id))

    def load(self, document_id: int) -> None:
        """Read the document's versions and its gold version number, and show them."""
        self.document_id = document_id
        self.versions = versions_of(self.project, document_id)
        self.read_version = gold_version(self.project, document_id)
        self.decision = EDITED
        self._show_versions(self.versions)
        makers = made_by(self.versions.by_annotator)
        self.gold.set_choices(self.versions.gold, makers, units_of(self.versions.gold))
        self.state.setText(self._state_text())

    def _show_versions(self, versions: Versions) -> None:
        for index in reversed(range(self.versions_row.count())):
            old = self.versions_row.widget(index)
            if old is not None:
                old.setParent(None)  # out of the splitter now, gone later
                old.deleteLater()
        self.panels = {}
        for name, document in versions.by_annotator.items():
            done = "done" if versions.done[name] else "not finished"
            box = QGroupBox(f"{name} — {done}")
            view = VersionView(self.shape, self.colors)
            view.show_document(document)
            accept = QPushButton(f"Accept {name}'s")
            accept.setAutoDefault(False)
            accept.setToolTip(f"Make {name}'s version the gold of this document, and go on")
            accept.clicked.connect(lambda _checked=False, n=name: self.accept_version(n))
            layout = QVBoxLayout(box)
            layout.addWidget(view, 1)
            layout.addWidget(accept)
            self.versions_row.addWidget(box)
            self.panels[name] = accept
        if not versions.by_annotator:
            self.versions_row.addWidget(QLabel("No annotator has this document yet."))

    def _state_text(self) -> str:
        review = review_of(self.project, self.document_id) if self.document_id else None
        if review is not None:
            return f"Reviewed by {review.reviewer} ({review.decision.replace(':', ' ')})."
        if self.document_id in self.waiting:
            return "Needs review: the annotators disagree, and the rule cannot decide."
        return "Its gold comes from the team's rule."

    # Deciding --------------------------------------------------------------------
    def accept_version(self, name: str) -> None:
        document_id, read = self.document_id, self.read_version
        assert document_id is not None
        self._write(
            lambda: accept_annotator_version(self.project, document_id, name, read),
            f"accepted {name}'s version",
        )

    def merge(self) -> None:
        assert self.versions is not None
        versions = self.versions
        done = {n: d for n, d in versions.by_annotator.items() if versions.done[n]}
        rules = Rules(single_label=self.shape.single_label)
        self.gold.choose_exactly(merge(done or versions.by_annotator, rules))
        self.decision = MERGED
        self.state.setText("Merged: check the ticks, then Save gold.")

    def save(self) -> None:
        document_id, read, gold = self.document_id, self.read_version, self.gold.gold()
        assert document_id is not None
        if self.decision == MERGED:
            self._write(lambda: save_merged_review(self.project, document_id, gold, read), "merged")
        else:
            self._write(lambda: save_review(self.project, document_id, gold, read), "edited")

    def _write(self, write: Callable[[], object], what: str) -> None:
        document_id = self.document_id
        assert document_id is not None
        try:
            write()
        except ConflictError as error:
            QMessageBox.warning(self, f"Changed by {error.changed_by}", str(error))
            self.load(document_id)  # as it now stands
            return
        except UserError as error:
            self.bridge.report(error, self)
            return
        self.reviewed.emit(document_id)
        self._go_on(document_id)
        self.state.setText(
            f"✓ Saved the gold of document {document_id} ({what}). " + self.state.text()
        )

    def _go_on(self, document_id: int) -> None:
        """The next document waiting for review, or this one again (now reviewed)."""
        index = self.documents.currentIndex()
        if index + 1 < self.documents.count():
            self.documents.setCurrentIndex(index + 1)
        else:
            self.load(document_id)
