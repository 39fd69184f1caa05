"""Undoable document-level actions: class labels, status, accepted label suggestions."""

from __future__ import annotations

from app.undo.base import AnnotationCommand, Annotations
from ptcore.engine.tasks.registry import label_spec_for
from ptcore.records import Source, Status


class SetClassLabels(AnnotationCommand):
    """Replace a document's class labels (set, toggle or clear)."""

    def __init__(
        self, annotations: Annotations, document_id: int, old: list[str], new: list[str], text: str
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.old, self.new = old, new
        self.old_status = self._status()

    def changed_labels(self) -> list[str]:
        return [n for n in dict.fromkeys(self.old + self.new) if (n in self.old) != (n in self.new)]

    def apply(self) -> None:
        self.store.set_class_labels(self.document_id, self.new)

    def revert(self) -> None:
        self.store.set_class_labels(self.document_id, self.old)
        self.store.set_status(self.document_id, self.old_status)


class SetStatus(AnnotationCommand):
    """Skip a document, or confirm it as labelled."""

    def __init__(self, annotations: Annotations, document_id: int, status: Status) -> None:
        verb = {Status.SKIPPED: "Skip document", Status.LABELED: "Confirm document"}
        super().__init__(annotations, document_id, verb.get(status, "Mark document unlabelled"))
        self.status = status
        self.old_status = self._status()

    def apply(self) -> None:
        self.store.set_status(self.document_id, self.status)

    def revert(self) -> None:
        self.store.set_status(self.document_id, self.old_status)


class AcceptClassLabels(AnnotationCommand):
    """Single-label: the suggestion replaces the label. Multi-label: suggested labels are added
    to the person's (whose own labels keep their source)."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        old: list[tuple[str, str]],
        suggested: list[str],
        text: str,
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.old = old  # (name, source) of the labels before
        self.multilabel = label_spec_for(self.store.task).multi_label
        names = [name for name, _source in old]
        self.added = [n for n in suggested if n not in names] if self.multilabel else suggested
        self.old_status = self._status()

    def changed_labels(self) -> list[str]:
        if self.multilabel:
            return list(self.added)
        names = [name for name, _source in self.old]
        return [n for n in dict.fromkeys(names + self.added) if (n in names) != (n in self.added)]

    def apply(self) -> None:
        if not self.multilabel:
            self.store.set_class_labels(self.document_id, self.added, Source.MODEL)
            return
        for name in self.added:
            self.store.toggle_class_label(self.document_id, name, Source.MODEL)

    def revert(self) -> None:
        if self.multilabel:
            for name in self.added:
                self.store.toggle_class_label(self.document_id, name, Source.MODEL)
        else:
            source = self.old[0][1] if self.old else Source.HUMAN
            self.store.set_class_labels(self.document_id, [n for n, _ in self.old], Source(source))
        self.store.set_status(self.document_id, self.old_status)
