"""A thin read-only table model over plain rows, and the rows that show metrics.

The model holds small tuples and one key per row (a run id, a document id); it formats
numbers for display, hands raw values to sorting (``SORT_ROLE``), and shows a ``Tipped``
cell's tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.widgets.table_model import BatchedRolesTableModel
from ptcore.engine.tasks.registry import spec_for

SORT_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Tipped:
    """A cell's text with a tooltip for the detail it leaves out (offsets, say)."""

    text: str
    tip: str

    def __str__(self) -> str:
        return self.text


class RowsModel(BatchedRolesTableModel):
    """Rows of plain values under fixed headers; floats shown with 3 decimals."""

    def __init__(self, headers: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = list(headers)
        self.rows: list[tuple[Any, ...]] = []
        self.keys: list[Any] = []

    def set_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        keys: Sequence[Any] | None = None,
    ) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = [tuple(row) for row in rows]
        self.keys = list(keys) if keys is not None else list(range(len(self.rows)))
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self.keys[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value)
        if role == SORT_ROLE:
            return value if isinstance(value, int | float) else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, Tipped):
            return value.tip
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and value:
            return value  # the full text of a cell its column may elide
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return str(section + 1) if orientation == Qt.Orientation.Vertical else None


def sortable(model: RowsModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def display(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def metric_rows(metrics: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Per-label precision/recall/F1/support, or QA's answerable/unanswerable split."""
    rows: list[tuple[Any, ...]]
    if "per_label" in metrics:
        rows = [
            (label, v["precision"], v["recall"], v["f1"], v["support"])
            for label, v in metrics["per_label"].items()
        ]
        return ["Label", "Precision", "Recall", "F1", "Support"], rows
    parts = (
        ("All questions", metrics),
        ("Has answer", metrics.get("has_answer", {})),
        ("No answer", metrics.get("no_answer", {})),
    )
    rows = [
        (name, part.get("exact_match", 0.0), part.get("f1", 0.0), part.get("count", 0))
        for name, part in parts
        if part
    ]
    return ["Questions", "Exact match", "F1", "Count"], rows


def headline(task: str, metrics: dict[str, Any]) -> float | None:
    """The task's main dev metric (the one that picks the best checkpoint)."""
    value = metrics.get(spec_for(task).headline_metric)
    return float(value) if isinstance(value, int | float) else None


def duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
