"""The gold a reviewer is deciding: every annotation any annotator made as a tick box (who
made it beside it), the ticked ones drawn over the text. Ticking one unticks what it
contradicts (another label of a single-label task, an overlapping entity, "no answer" to an
answered question). In an NER project a span dragged over the text joins the choices."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.team.merge import ENTITY, LABEL, Rules, Unit, choose, describe, gold_document
from app.team.version_view import VersionView
from app.widgets.theme import swatch
from ptcore.store.views import Document
from ptcore.task_shapes import TaskShape


class GoldEditor(QWidget):
    edited = Signal()  # the reviewer ticked or unticked something

    def __init__(
        self, shape: TaskShape, colors: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.shape, self.colors = shape, colors
        self.rules = Rules(single_label=shape.single_label)
        self.base: Document | None = None
        self.makers: dict[Unit, list[str]] = {}
        self.chosen: set[Unit] = set()
        self.list = QListWidget()
        self.view = VersionView(shape, colors, with_text=True)
        self.new_span_label = QComboBox()
        self.new_span_label.addItems(list(colors))
        self._layout()
        self.list.itemChanged.connect(self._on_item_changed)
        if self.view.text_view is not None and shape.spans:
            self.view.text_view.span_selected.connect(self._add_span)

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Tick what the gold holds:"))
        left_layout.addWidget(self.list, 1)
        if self.shape.spans:
            row = QHBoxLayout()
            row.addWidget(QLabel("Drag over the text to add a span as:"))
            row.addWidget(self.new_span_label, 1)
            left_layout.addLayout(row)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_choices(
        self, base: Document, makers: dict[Unit, list[str]], chosen: Iterable[Unit]
    ) -> None:
        """Offer every unit of ``makers`` (and, for labels, every label), ticking ``chosen``."""
        self.base, self.makers = base, dict(makers)
        if self.shape.labels:
            for name in self.colors:
                self.makers.setdefault(Unit(LABEL, name), [])
        for unit in chosen:
            self.makers.setdefault(unit, [])
        self.choose_exactly(chosen)

    def choose_exactly(self, units: Iterable[Unit]) -> None:
        self.chosen = set(units)
        self._show()

    def gold(self) -> Document:
        assert self.base is not None
        return gold_document(self.base, self.chosen)

    def _show(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        base = self.base
        numbers = {q.id: n for n, q in enumerate(base.questions, 1)} if base else {}
        in_reading_order = sorted(
            self.makers.items(),
            key=lambda pair: (numbers.get(pair[0].question_id, 0), pair[0][2:4], pair[0]),
        )
        for unit, names in in_reading_order:  # by question, then by place in the text
            who = f"   — {', '.join(names)}" if names else ""
            item = QListWidgetItem(describe(unit, base.text if base else "", numbers) + who)
            if unit.label and unit.label in self.colors:
                item.setIcon(swatch(self.colors[unit.label]))
            item.setData(Qt.ItemDataRole.UserRole, unit)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = unit in self.chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.view.show_document(self.gold() if base else None)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        unit = unit_of(item)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen = choose(self.chosen, unit, self.rules)
        else:
            self.chosen.discard(unit)
        self._show()
        self.edited.emit()

    def _add_span(self, start: int, end: int) -> None:
        label = self.new_span_label.currentText()
        if not label:
            return
        unit = Unit(ENTITY, label, start, end)
        self.makers.setdefault(unit, [])
        self.chosen = choose(self.chosen, unit, self.rules)
        self._show()
        self.edited.emit()


def unit_of(item: QListWidgetItem) -> Unit:
    """The unit a tick box stands for (Qt hands the tuple back as a list)."""
    return Unit(*item.data(Qt.ItemDataRole.UserRole))
