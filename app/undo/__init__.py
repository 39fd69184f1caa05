"""Undoable annotation actions: each command re-applies its change through the store.

The editors run a command's first ``redo`` themselves (``execute``) so a refused action
(an overlap, an answer outside the context) never reaches the stack; ``push`` then records it.
Stored rows get new ids when an undo re-creates them, so commands refer to rows through
``Ref`` handles that ``Annotations`` keeps pointing at the live id. The stack is shared and
keeps its history across documents: every command reports the document it changed.
"""

from app.support.quoting import quote
from app.undo.base import ANSWER, ENTITY, QUESTION, AnnotationCommand, Annotations, Ref
from app.undo.entities import AcceptEntities, AddEntity, RelabelEntity, RemoveEntity
from app.undo.labels import AcceptClassLabels, SetClassLabels, SetStatus
from app.undo.questions import (
    AcceptAnswers,
    AddAnswer,
    AddQuestion,
    DeleteQuestion,
    EditQuestion,
    RemoveAnswer,
    SetNoAnswer,
    SuggestedAnswer,
)

__all__ = [
    "ANSWER",
    "ENTITY",
    "QUESTION",
    "AcceptAnswers",
    "AcceptClassLabels",
    "AcceptEntities",
    "AddAnswer",
    "AddEntity",
    "AddQuestion",
    "AnnotationCommand",
    "Annotations",
    "DeleteQuestion",
    "EditQuestion",
    "Ref",
    "RelabelEntity",
    "RemoveAnswer",
    "RemoveEntity",
    "SetClassLabels",
    "SetNoAnswer",
    "SetStatus",
    "SuggestedAnswer",
    "quote",
]
