"""The Team section of Project settings: your name as an annotator, and the team rules
(how many annotators label each document, and what training takes as gold).

Both change what the open project's stores do, so saving either asks the window to open the
project again (``reopen_needed``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.support.messages import MessageBridge
from app.support.settings import AppSettings
from app.widgets.theme import as_hint
from ptcore.errors import UserError
from ptcore.store.project import Project
from ptcore.team.by_annotator import annotators
from ptcore.team.settings import ANNOTATOR_RULE, MAJORITY
from ptcore.team.state import set_team

MAX_OVERLAP = 20


class TeamBox(QGroupBox):
    reopen_needed = Signal()

    def __init__(
        self,
        project: Project,
        settings: AppSettings,
        bridge: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Team", parent)
        self.project, self.settings, self.bridge = project, settings, bridge
        self.name = QLineEdit(project.annotator, placeholderText="Your name")
        self.name_button = QPushButton("Use this name")
        self.overlap = QSpinBox(minimum=1, maximum=MAX_OVERLAP)  # type: ignore[call-arg]  # stubs lack Qt property keywords
        self.overlap.setToolTip("How many annotators label each document")
        self.gold_rule = QComboBox()
        self.gold_rule.setToolTip("What training uses where no one has reviewed a document")
        self.team_button = QPushButton()
        self.state = as_hint(QLabel(wordWrap=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self._layout()
        self._fill()
        self.name_button.clicked.connect(self._save_name)
        self.name.returnPressed.connect(self._save_name)
        self.team_button.clicked.connect(self._save_team)

    def _layout(self) -> None:
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.name_button)
        rules = QHBoxLayout()
        rules.addWidget(QLabel("Annotators per document:"))
        rules.addWidget(self.overlap)
        rules.addWidget(QLabel("Gold:"))
        rules.addWidget(self.gold_rule, 1)
        form = QFormLayout(self)
        form.addRow("Your name (as annotator):", name_row)
        form.addRow(rules)
        form.addRow(self.team_button, self.state)

    def _fill(self) -> None:
        team = self.project.team
        self.overlap.setValue(team.overlap if team else 2)
        self.gold_rule.addItem("majority of annotators", MAJORITY)
        names = {self.project.annotator, *annotators(self.project)}
        if team is not None and team.gold_annotator:
            names.add(team.gold_annotator)
        for name in sorted(n for n in names if n):
            self.gold_rule.addItem(f"{name}'s work", f"{ANNOTATOR_RULE}{name}")
        self.gold_rule.setCurrentIndex(
            max(0, self.gold_rule.findData(team.gold_rule if team else MAJORITY))
        )
        self.team_button.setText("Save team rules" if team else "Make this a team project")
        self.state.setText(
            f"A team project: you work as {self.project.annotator}; "
            "Next for me (Ctrl+M) hands out documents."
            if team
            else "One person's project. As a team project, each person labels their own "
            "version and the gold comes from the rule, or from a review."
        )

    def _save_name(self) -> None:
        name = self.name.text().strip()
        if name == self.project.annotator:
            return
        if not name and self.project.team is not None:
            self.bridge.report(UserError("A team project needs your name."), self)
            self.name.setText(self.project.annotator)
            return
        self.settings.set_annotator_name(name)
        self.reopen_needed.emit()

    def _save_team(self) -> None:
        try:
            set_team(self.project, self.overlap.value(), str(self.gold_rule.currentData()))
        except UserError as error:
            self.bridge.report(error, self)
            return
        self.reopen_needed.emit()
