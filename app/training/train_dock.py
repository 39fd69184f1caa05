"""The Train panel in a dock window beside the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

from app.support.messages import MessageBridge
from app.training.session import TrainingSession
from app.training.train_panel import TrainPanel
from ptcore.store.project import Project


class TrainDock(QDockWidget):
    """The panel in a dock, so people can move or hide it; it scrolls on a short screen
    rather than make the window taller than the screen."""

    def __init__(
        self,
        project: Project,
        bridge: MessageBridge,
        session: TrainingSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Training", parent)
        self.setObjectName("trainingDock")
        self.panel = TrainPanel(project, bridge, session, self)
        scroller = QScrollArea(  # type: ignore[call-arg]  # stubs lack Qt property keywords
            widgetResizable=True,
            frameShape=QFrame.Shape.NoFrame,
            focusPolicy=Qt.FocusPolicy.NoFocus,
        )  # keys stay with the editor
        scroller.setWidget(self.panel)
        self.setWidget(scroller)
