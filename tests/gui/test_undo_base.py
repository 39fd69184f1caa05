import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QUndoStack

from app.undo import AnnotationCommand, Annotations
from tests.gui.editor_fixtures import make_project


def test_a_command_without_revert_is_refused_when_made(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, "classification", ["positive"], ["A film."])
    annotations = Annotations(project, QUndoStack())

    class ApplyOnly(AnnotationCommand):
        def apply(self) -> None:
            pass

    class Both(ApplyOnly):
        def revert(self) -> None:
            pass

    with pytest.raises(TypeError, match="ApplyOnly does not define revert"):
        ApplyOnly(annotations, 1, "Apply only")
    assert Both(annotations, 1, "Both").text() == "Both"
