"""Undoable NER actions: add, remove, retype entities, accept suggested ones."""

from __future__ import annotations

from app.support.quoting import quote
from app.undo.base import ENTITY, AnnotationCommand, Annotations, Ref
from ptcore.store import accepting


class AddEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        span: tuple[int, int],
        label: str,
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Add {label} '{quote(covered)}'")
        self.span, self.label = span, label
        self.entity: Ref | None = None
        self.old_status = self._status()

    def changed_spans(self) -> list[tuple[int, int]]:
        return [self.span]

    def apply(self) -> None:
        row_id = self.store.add_entity(self.document_id, *self.span, self.label)
        self.entity = self.annotations.created(self.entity, ENTITY, row_id)

    def revert(self) -> None:
        assert self.entity is not None
        self.store.remove_entity(self.entity.id)
        self.annotations.deleted(self.entity)
        self.store.set_status(self.document_id, self.old_status)


class RemoveEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        entity: Ref,
        span: tuple[int, int],
        label: str,
        covered: str,
    ) -> None:
        super().__init__(annotations, document_id, f"Delete {label} '{quote(covered)}'")
        self.entity, self.span, self.label = entity, span, label
        self.old_status = self._status()

    def changed_spans(self) -> list[tuple[int, int]]:
        return [self.span]

    def apply(self) -> None:
        self.store.remove_entity(self.entity.id)
        self.annotations.deleted(self.entity)

    def revert(self) -> None:
        row_id = self.store.add_entity(self.document_id, *self.span, self.label)
        self.annotations.created(self.entity, ENTITY, row_id)
        self.store.set_status(self.document_id, self.old_status)


class RelabelEntity(AnnotationCommand):
    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        entity: Ref,
        old: str,
        new: str,
        covered: str,
        span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(annotations, document_id, f"Change '{quote(covered)}' from {old} to {new}")
        self.entity, self.old, self.new, self.span = entity, old, new, span

    def changed_spans(self) -> list[tuple[int, int]]:
        return [self.span] if self.span is not None else []

    def apply(self) -> None:
        self.store.relabel_entity(self.entity.id, self.new)

    def revert(self) -> None:
        self.store.relabel_entity(self.entity.id, self.old)


class AcceptEntities(AnnotationCommand):
    """Store suggested entities; all or none (one refused span undoes the others)."""

    def __init__(
        self,
        annotations: Annotations,
        document_id: int,
        spans: list[tuple[int, int, str]],
        text: str,
    ) -> None:
        super().__init__(annotations, document_id, text)
        self.spans = spans
        self.entities: list[Ref] = []
        self.old_status = self._status()

    def changed_spans(self) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _label in self.spans]

    def apply(self) -> None:
        row_ids = accepting.add_entities(self.store, self.document_id, self.spans)
        refs, self.entities = self.entities, []
        for index, row_id in enumerate(row_ids):
            ref = refs[index] if index < len(refs) else None
            self.entities.append(self.annotations.created(ref, ENTITY, row_id))

    def revert(self) -> None:
        accepting.remove_entities(self.store, [ref.id for ref in self.entities])
        self.store.set_status(self.document_id, self.old_status)
        for ref in self.entities:
            self.annotations.deleted(ref)
