"""The project's label set: names, colours, shortcut keys and order."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ptcore.db.models import ClassLabelRow, DocumentRow, EntityRow, LabelRow
from ptcore.errors import ValidationError
from ptcore.records import Status
from ptcore.store.views import Label

# Colour-blind-safe hues (Okabe–Ito and Tol's "bright"), legible on light and dark palettes.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
)
# Digits first, then letters; a, n and s are the editors' own keys (accept suggestions,
# no answer, skip). Labels past these are reached with the label picker (/).
SHORTCUT_KEYS = "1234567890bcdefghijklmopqrtuvwxyz"


def default_color(position: int) -> str:
    return PALETTE[position % len(PALETTE)]


def default_shortcut(position: int) -> str:
    return SHORTCUT_KEYS[position] if position < len(SHORTCUT_KEYS) else ""


def to_view(row: LabelRow) -> Label:
    return Label(row.id, row.name, row.color, row.shortcut, row.position)


class LabelStore:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session = session_factory

    def all(self) -> list[Label]:
        with self._session() as session:
            rows = session.scalars(select(LabelRow).order_by(LabelRow.position, LabelRow.id))
            return [to_view(row) for row in rows]

    def names(self) -> list[str]:
        return [label.name for label in self.all()]

    def add(self, name: str, color: str = "", shortcut: str | None = None) -> Label:
        name = validate_name(name)
        with self._session() as session, session.begin():
            return to_view(add_label(session, name, color, shortcut))

    def rename(self, label_id: int, new_name: str) -> None:
        new_name = validate_name(new_name)
        with self._session() as session, session.begin():
            if session.scalar(select(LabelRow.id).where(LabelRow.name == new_name)):
                raise ValidationError(f"A label named {new_name!r} already exists.")
            session.get_one(LabelRow, label_id).name = new_name

    def update(
        self, label_id: int, *, color: str | None = None, shortcut: str | None = None
    ) -> None:
        with self._session() as session, session.begin():
            row = session.get_one(LabelRow, label_id)
            if color is not None:
                row.color = color
            if shortcut is not None:
                row.shortcut = shortcut

    def reorder(self, label_ids: list[int]) -> None:
        with self._session() as session, session.begin():
            for position, label_id in enumerate(label_ids):
                session.get_one(LabelRow, label_id).position = position

    def usage(self, label_id: int) -> int:
        """How many annotations use the label (the GUI asks before deleting a used one)."""
        with self._session() as session:
            return label_usage(session, label_id)

    def delete(self, label_id: int) -> int:
        """Delete the label and every annotation that uses it; returns how many went.

        A document left without any class label goes back to unlabelled.
        """
        with self._session() as session, session.begin():
            used = label_usage(session, label_id)
            classified = select(ClassLabelRow.document_id).where(ClassLabelRow.label_id == label_id)
            affected = list(session.scalars(classified))
            session.execute(delete(ClassLabelRow).where(ClassLabelRow.label_id == label_id))
            session.execute(delete(EntityRow).where(EntityRow.label_id == label_id))
            session.execute(delete(LabelRow).where(LabelRow.id == label_id))
            still_labelled = select(ClassLabelRow.document_id)
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id.in_(affected), DocumentRow.id.not_in(still_labelled))
                .values(status=Status.UNLABELED)
            )
            return used

    def merge(self, source_id: int, target_id: int) -> None:
        """Relabel everything labelled ``source`` as ``target``, then drop ``source``."""
        if source_id == target_id:
            raise ValidationError("Cannot merge a label into itself.")
        with self._session() as session, session.begin():
            _merge_class_labels(session, source_id, target_id)
            session.execute(
                update(EntityRow).where(EntityRow.label_id == source_id).values(label_id=target_id)
            )
            session.execute(delete(LabelRow).where(LabelRow.id == source_id))


def validate_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("A label needs a name.")
    if "," in name:
        raise ValidationError(f"Label {name!r}: commas are not allowed in label names.")
    return name


def add_label(
    session: Session, name: str, color: str = "", shortcut: str | None = None
) -> LabelRow:
    if session.scalar(select(LabelRow.id).where(LabelRow.name == name)):
        raise ValidationError(f"A label named {name!r} already exists.")
    position = session.scalar(select(func.count()).select_from(LabelRow)) or 0
    row = LabelRow(
        name=name,
        color=color or default_color(position),
        shortcut=default_shortcut(position) if shortcut is None else shortcut,
        position=position,
    )
    session.add(row)
    session.flush()
    return row


def label_usage(session: Session, label_id: int) -> int:
    classes = session.scalar(
        select(func.count()).select_from(ClassLabelRow).where(ClassLabelRow.label_id == label_id)
    )
    spans = session.scalar(
        select(func.count()).select_from(EntityRow).where(EntityRow.label_id == label_id)
    )
    return (classes or 0) + (spans or 0)


def _merge_class_labels(session: Session, source_id: int, target_id: int) -> None:
    """Move class labels over, dropping those whose document already has the target."""
    has_target = select(ClassLabelRow.document_id).where(ClassLabelRow.label_id == target_id)
    session.execute(
        delete(ClassLabelRow).where(
            ClassLabelRow.label_id == source_id, ClassLabelRow.document_id.in_(has_target)
        )
    )
    session.execute(
        update(ClassLabelRow).where(ClassLabelRow.label_id == source_id).values(label_id=target_id)
    )
