"""The annotation editors, one per task, behind one constructor signature the shell uses:
``EditorClass(project, undo_stack, parent)`` with ``set_document``, ``refresh_labels``,
``apply_label`` and the ``annotations_changed``/``advance_requested``/``message`` signals.

The editors are imported on first use, so that the Qt-free rule modules beside them
(``suggestions``, ``entity_rules``, ``answer_rules``) load without Qt.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.editors.base import EditorBase
    from app.editors.classification import ClassificationEditor
    from app.editors.ner import NerEditor
    from app.editors.qa import QaEditor

EDITOR_MODULES = {
    "ClassificationEditor": "app.editors.classification",
    "NerEditor": "app.editors.ner",
    "QaEditor": "app.editors.qa",
}
EDITORS = {
    "classification": "ClassificationEditor",
    "multilabel": "ClassificationEditor",
    "ner": "NerEditor",
    "qa": "QaEditor",
}


def editor_for_task(task: str) -> type[EditorBase]:
    try:
        name = EDITORS[str(task)]
    except KeyError:
        raise ValueError(f"No editor for task {task!r}.") from None
    editor: type[EditorBase] = __getattr__(name)
    return editor


def __getattr__(name: str) -> type[EditorBase]:
    if name not in EDITOR_MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    editor: type[EditorBase] = getattr(import_module(EDITOR_MODULES[name]), name)
    return editor


__all__ = ["ClassificationEditor", "NerEditor", "QaEditor", "editor_for_task"]
