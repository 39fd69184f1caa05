"""NER editor: drag or double-click to select (snapped to whole words or CJK characters),
press a label key or click a label to tag it; click an entity to select it, Delete removes
it, a label key retypes it. Overlaps are refused with a visible message. The model's
predicted entities show as dashed ghosts: click one to accept it, A accepts them all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.editors.base import NO_LABELS, EditorBase
from app.editors.chips import chip_button, clear_layout, picker_button
from app.editors.span_text_view import Highlight, SpanTextView
from app.editors.suggestions import (
    GHOST_HINT,
    SuggestedSpan,
    SuggestionKey,
    entity_suggestions,
    overlapped,
)
from app.editors.tokenizers import project_tokenizer
from app.support.background import run_in_background
from app.undo import ENTITY, AcceptEntities, AddEntity, RelabelEntity, RemoveEntity, quote
from app.widgets.flow_layout import FlowArea, FlowLayout
from ptcore.snapping import TokenBoundaries, tokenizer_boundaries
from ptcore.store.project import Project
from ptcore.store.views import Entity

DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
HINT = (
    "Drag or double-click to select; press a label key to tag. Click an entity, then "
    "Delete removes it and a label key changes its type. Enter: done, next. S: skip.\n" + GHOST_HINT
)


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class NerEditor(EditorBase):
    def __init__(
        self, project: Project, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(project, undo_stack, parent)
        self.view = SpanTextView()
        self.view.highlight_clicked.connect(self._on_highlight_clicked)
        self.view.empty_clicked.connect(lambda: self.select_entity(None))
        self.view.span_selected.connect(self._on_span_selected)
        self.entity_list = QListWidget()
        self.entity_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.entity_list.itemClicked.connect(self._on_item_clicked)
        self.entity_count = QLabel("Entities")
        self.legend = FlowLayout()
        self.legend_area = FlowArea(self.legend)
        self.suggestion_count = QLabel(objectName="hint", wordWrap=True)
        self.accept_button = QPushButton(
            "Accept suggestions (A)",
            toolTip="Store every model suggestion that does not overlap your entities (A).",
            focusPolicy=Qt.FocusPolicy.NoFocus,
            clicked=self.accept_suggestions,
        )
        self.suggestions: list[SuggestedSpan] = []
        self.selected: int | None = None
        self._boundaries: TokenBoundaries | None = None
        self._boundaries_for: int | None = None
        self._tokenizer: Any = None
        self._layout()
        self.show_labels()
        run_in_background(
            lambda _progress: project_tokenizer(project), on_success=self._on_tokenizer
        )

    def _on_tokenizer(self, tokenizer: Any) -> None:
        """The model's tokenizer arrived: flag boundaries from now on."""
        self._tokenizer = tokenizer
        if tokenizer is not None and self.document is not None:
            self._boundaries_for = None
            self.show_document()

    def _layout(self) -> None:
        delete = QPushButton(
            "Delete entity",
            toolTip="Remove the selected entity (Delete).",
            focusPolicy=Qt.FocusPolicy.NoFocus,
            clicked=self.delete_selected,
        )
        done = QPushButton(
            "Done ⏎",
            toolTip="Confirm this document's entities and go to the next document (Enter).",
            focusPolicy=Qt.FocusPolicy.NoFocus,
            clicked=self.confirm,
        )
        skip = QPushButton(
            "Skip",
            toolTip="Skip this document (S).",
            focusPolicy=Qt.FocusPolicy.NoFocus,
            clicked=self.skip,
        )
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.entity_count)
        side_layout.addWidget(self.entity_list, 1)
        side_layout.addWidget(delete)
        side_layout.addWidget(self.suggestion_count)
        side_layout.addWidget(self.accept_button)
        buttons = QHBoxLayout()
        buttons.addWidget(skip)
        buttons.addWidget(done)
        side_layout.addLayout(buttons)
        self.lay_out_text_and_side(self.legend_area, self.view, HINT, side, side_stretch=1)

    # Showing ---------------------------------------------------------------------------------
    def show_labels(self) -> None:
        clear_layout(self.legend)
        finder = picker_button(len(self.labels), self.pick_label)
        if finder is not None:
            self.legend.addWidget(finder)
        for label in self.labels:
            button = chip_button(label)
            button.clicked.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.legend.addWidget(button)
        if not self.labels:
            self.legend.addWidget(QLabel(NO_LABELS, objectName="hint"))
        self.legend_area.refresh()

    def show_document(self) -> None:
        document = self.document
        text = document.text if document is not None else ""
        if document is None or self.view.text() != text or self._boundaries_for != document.id:
            self.view.set_text(text)
            self._boundaries = (
                tokenizer_boundaries(text, self._tokenizer)
                if text and self._tokenizer is not None
                else None
            )
            self._boundaries_for = document.id if document is not None else None
        entities = document.entities if document is not None else ()
        if self.selected not in {e.id for e in entities}:
            self.selected = None
        self.suggestions = entity_suggestions(self.predictions, entities)
        ghosts = [self._ghost(i, s) for i, s in enumerate(self.suggestions)]
        self.view.set_highlights([self._highlight(e) for e in entities] + ghosts, self.selected)
        self._fill_list(entities)
        clashes = sum(overlapped(s, entities) is not None for s in self.suggestions)
        self.suggestion_count.setText(
            (
                f"Model suggestions: {len(self.suggestions)}"
                + (f" ({clashes} overlap yours)" if clashes else "")
            )
            if self.predictions
            else ""
        )
        self.accept_button.setEnabled(bool(self.suggestions))

    def _color(self, label_name: str) -> str:
        label = self.label(label_name)
        return label.color if label is not None else "#BBBBBB"

    def _highlight(self, entity: Entity) -> Highlight:
        covered = self.view.text()[entity.start : entity.end]
        tip = f"{entity.label}: {covered!r} [{entity.start}, {entity.end})"
        return Highlight(
            entity.start, entity.end, self._color(entity.label), entity.label, entity.id, tip
        )

    def _ghost(self, index: int, suggestion: SuggestedSpan) -> Highlight:
        covered = self.view.text()[suggestion.start : suggestion.end]
        tip = (
            f"Model: {suggestion.label} {covered!r} (confidence {suggestion.confidence:.2f})"
            "\nClick to accept it."
        )
        return Highlight(
            suggestion.start,
            suggestion.end,
            self._color(suggestion.label),
            f"{suggestion.label} {suggestion.confidence:.2f}",
            SuggestionKey(index),
            tip,
            ghost=True,
        )

    def _fill_list(self, entities: tuple[Entity, ...]) -> None:
        self.entity_list.clear()
        text = self.view.text()
        for entity in entities:
            flag = " ⚠" if self._cuts(entity.start, entity.end) else ""
            item = QListWidgetItem(
                swatch(self._color(entity.label)),
                f"{entity.label}   {text[entity.start : entity.end]}{flag}",
            )
            item.setData(Qt.ItemDataRole.UserRole, entity.id)
            item.setToolTip(
                f"[{entity.start}, {entity.end})"
                + ("  — a boundary cuts through a model token" if flag else "")
            )
            self.entity_list.addItem(item)
            if entity.id == self.selected:
                item.setSelected(True)
        self.entity_count.setText(f"Entities ({len(entities)})")

    def _cuts(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._boundaries.span_cuts(start, end) if self._boundaries is not None else []

    # Selecting -------------------------------------------------------------------------------
    def entity(self, entity_id: int | None) -> Entity | None:
        entities = self.document.entities if self.document is not None else ()
        return next((e for e in entities if e.id == entity_id), None)

    def select_entity(self, entity_id: object) -> None:
        self.selected = entity_id if isinstance(entity_id, int) else None
        self.view.set_selected(self.selected)
        for row in range(self.entity_list.count()):
            item = self.entity_list.item(row)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == self.selected)

    def _on_highlight_clicked(self, key: object) -> None:
        if isinstance(key, SuggestionKey):
            self.accept_suggestion(key.index)
        else:
            self.select_entity(key)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        entity = self.entity(item.data(Qt.ItemDataRole.UserRole))
        if entity is not None:
            self.view.reveal(entity.start)
            self.select_entity(entity.id)
            self.setFocus()

    def _on_span_selected(self, start: int, end: int) -> None:
        self.select_entity(None)
        for token in self._cuts(start, end):
            self.show_message(
                f"Note: the selection cuts the model token "
                f"{self.view.text()[token[0] : token[1]]!r}."
            )

    # Editing ---------------------------------------------------------------------------------
    def apply_label(self, name: str) -> None:
        if self.document is None or self.label(name) is None:
            return
        span = self.view.selection_span()
        selected = self.entity(self.selected)
        if span is not None:
            self._add(span, name)
        elif selected is not None and selected.label != name:
            covered = self.view.text()[selected.start : selected.end]
            self.run(
                RelabelEntity(
                    self.annotations,
                    self.document.id,
                    self.annotations.ref(ENTITY, selected.id),
                    selected.label,
                    name,
                    covered,
                )
            )
        elif selected is None:
            self.show_message(
                "Select some text first (drag or double-click), then press a label key."
            )

    def _add(self, span: tuple[int, int], name: str) -> None:
        assert self.document is not None
        covered = self.view.text()[span[0] : span[1]]
        command = AddEntity(self.annotations, self.document.id, span, name, covered)
        if self.run(command):
            self.view.clear_selection()
            if self._cuts(*span):
                self.show_message(
                    f"Added {name} {covered!r}, but a boundary cuts through a "
                    "token of the model's tokenizer (marked ⚠ in the list)."
                )

    def delete_selected(self) -> None:
        entity = self.entity(self.selected)
        if entity is None or self.document is None:
            return
        covered = self.view.text()[entity.start : entity.end]
        self.run(
            RemoveEntity(
                self.annotations,
                self.document.id,
                self.annotations.ref(ENTITY, entity.id),
                (entity.start, entity.end),
                entity.label,
                covered,
            )
        )

    # Suggestions -----------------------------------------------------------------------------
    def accept_suggestion(self, index: int) -> None:
        """Accept one ghost, unless it overlaps one of the person's entities."""
        if self.document is None or not 0 <= index < len(self.suggestions):
            return
        suggestion = self.suggestions[index]
        conflict = overlapped(suggestion, self.document.entities)
        if conflict is not None:
            self.show_message(
                f"The model's {self._describe(suggestion)} overlaps your "
                f"{self._describe(conflict)}; delete yours first to accept it."
            )
            return
        self._accept([suggestion], f"Accept {self._describe(suggestion)}")

    def accept_suggestions(self) -> None:
        if self.document is None:
            return
        if not self.suggestions:
            self.show_message("The model has no new suggestions for this document.")
            return
        free = [s for s in self.suggestions if overlapped(s, self.document.entities) is None]
        skipped = [s for s in self.suggestions if s not in free]
        if free:
            self._accept(free, f"Accept {len(free)} suggestion{'s' * (len(free) > 1)}")
        if skipped:
            names = ", ".join(self._describe(s) for s in skipped)
            many = len(skipped) > 1
            self.show_message(
                f"Skipped {len(skipped)} suggestion{'s' * many} that overlap"
                f"{'s' * (not many)} your entities: {names}."
            )

    def _accept(self, suggestions: list[SuggestedSpan], text: str) -> None:
        assert self.document is not None
        spans = [(s.start, s.end, s.label) for s in suggestions]
        self.run(AcceptEntities(self.annotations, self.document.id, spans, text))

    def _describe(self, span: SuggestedSpan | Entity) -> str:
        return f"{span.label} '{quote(self.view.text()[span.start : span.end])}'"

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in DELETE_KEYS and self.selected is not None:
            self.delete_selected()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.view.clear_selection()
            self.select_entity(None)
            return True
        return super().handle_key(event)
