"""The annotation editors, one per task, behind one constructor signature the shell uses:
``EditorClass(project, undo_stack, parent)`` with ``set_document``, ``refresh_labels``,
``apply_label`` and the ``annotations_changed``/``advance_requested``/``message`` signals."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.editors.classification import ClassificationEditor
from app.editors.ner import NerEditor
from app.editors.qa import QaEditor

EDITORS: dict[str, type[QWidget]] = {
    "classification": ClassificationEditor,
    "multilabel": ClassificationEditor,
    "ner": NerEditor,
    "qa": QaEditor,
}


def editor_for_task(task: str) -> type[QWidget]:
    try:
        return EDITORS[str(task)]
    except KeyError:
        raise ValueError(f"No editor for task {task!r}.") from None


__all__ = ["ClassificationEditor", "NerEditor", "QaEditor", "editor_for_task"]
