"""NER editor: drag or double-click to select (snapped to whole words or CJK characters),
press a label key or click a label to tag it; click an entity to select it, Delete removes
it, a label key retypes it. Overlaps are refused with a visible message. The model's
predicted entities show as dashed ghosts: click one to accept it, A accepts them all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editors import entity_rules
from app.editors.base import EditorBase, side_button
from app.editors.chips import fill_legend
from app.editors.ner_display import entity_highlight, entity_item, ghost_highlight
from app.editors.span_text_view import SpanTextView
from app.editors.suggestions import GHOST_HINT, SuggestedSpan, SuggestionKey, entity_suggestions
from app.editors.tokenizers import project_tokenizer
from app.support.background import run_in_background
from app.undo import (
    ENTITY,
    AcceptEntities,
    AddEntity,
    AnnotationCommand,
    RelabelEntity,
    RemoveEntity,
)
from app.widgets.flow_layout import FlowArea, FlowLayout
from app.widgets.theme import as_hint
from ptcore.snapping import TokenBoundaries, tokenizer_boundaries
from ptcore.store.project import Project
from ptcore.store.views import Entity

DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
HINT = (
    "Drag or double-click to select; press a label key to tag. Click an entity, then "
    "Delete removes it and a label key changes its type. Enter: done, next. S: skip.\n" + GHOST_HINT
)


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
        self.suggestion_count = as_hint(QLabel(wordWrap=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.accept_button = side_button(
            "Accept suggestions (A)",
            "Store every model suggestion that does not overlap your entities (A).",
            self.accept_suggestions,
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
        delete = side_button(
            "Delete entity", "Remove the selected entity (Delete).", self.delete_selected
        )
        done = side_button(
            "Done ⏎",
            "Confirm this document's entities and go to the next document (Enter).",
            self.confirm,
        )
        skip = side_button("Skip", "Skip this document (S).", self.skip)
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
        fill_legend(self.legend, self.labels, self.apply_label, self.pick_label)
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
        text, color = self.view.text(), self._color
        ghosts = [
            ghost_highlight(i, s, text, color(s.label)) for i, s in enumerate(self.suggestions)
        ]
        gold = [entity_highlight(e, text, color(e.label)) for e in entities]
        self.view.set_highlights(gold + ghosts, self.selected)
        self._fill_list(entities)
        self.suggestion_count.setText(
            entity_rules.suggestion_count(self.suggestions, entities, bool(self.predictions))
        )
        self.accept_button.setEnabled(bool(self.suggestions))

    def _color(self, label_name: str) -> str:
        label = self.label(label_name)
        return label.color if label is not None else "#BBBBBB"

    def _fill_list(self, entities: tuple[Entity, ...]) -> None:
        self.entity_list.clear()
        text = self.view.text()
        for entity in entities:
            cuts = bool(self._cuts(entity.start, entity.end))
            item = entity_item(entity, text, self._color(entity.label), cuts)
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
                    (selected.start, selected.end),
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
        suggestion, text = self.suggestions[index], self.view.text()
        refusal = entity_rules.overlap_refusal(suggestion, self.document.entities, text)
        if refusal is not None:
            self.show_message(refusal)
            return
        self._accept([suggestion], entity_rules.accept_one_text(suggestion, text))

    def accept_suggestions(self) -> None:
        if self.document is None:
            return
        if not self.suggestions:
            self.show_message(entity_rules.NOTHING_NEW)
            return
        choice = entity_rules.choose_entities(self.suggestions, self.document.entities)
        if choice.accepted:
            self._accept(choice.accepted, entity_rules.accept_many_text(choice.accepted))
        if choice.refused:
            self.show_message(entity_rules.refused_message(choice.refused, self.view.text()))

    def _accept(self, suggestions: list[SuggestedSpan], text: str) -> None:
        assert self.document is not None
        spans = [(s.start, s.end, s.label) for s in suggestions]
        self.run(AcceptEntities(self.annotations, self.document.id, spans, text))

    def show_change(self, command: AnnotationCommand) -> None:
        self.view.flash(command.changed_spans())

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in DELETE_KEYS and self.selected is not None:
            self.delete_selected()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.view.clear_selection()
            self.select_entity(None)
            return True
        return super().handle_key(event)
