"""The first thing a user sees: recent projects, New, Open (a file or a database), and
one-click demos per task."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.widgets.screen_fit import resize_to_fit
from app.widgets.theme import as_hint, icon
from ptcore.db.location import Location

TITLE_STYLE = "font-size: 20pt; font-weight: 600;"
ACTION_STYLE = "QPushButton { padding: 10px 14px; font-size: 11pt; text-align: left; }"
RECENT_STYLE = "QListWidget::item { padding: 6px; }"
DEMOS = (
    ("classification", "Sentiment classification demo", "English reviews"),
    ("ner", "Named entities demo", "People, organisations, places"),
    ("qa", "Question answering demo", "Short passages with questions"),
    ("ner-zh", "Chinese named entities demo", "Needs a model that reads Chinese"),
)


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    database_requested = Signal()
    project_chosen = Signal(str)  # a path or a database URL
    demo_requested = Signal(str)

    def __init__(self, recent: list[Location], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("P-Tuning Studio")
        self.new_button = _action("new", "New project…", "Label your own data")
        self.open_button = _action("open", "Open project…", "A .db project file")
        self.database_button = _action("open", "Open database…", "A project on a PostgreSQL server")
        self.demo_buttons = {task: _action("demo", title, hint) for task, title, hint in DEMOS}
        self.recent_list = QListWidget()
        self.recent_list.setStyleSheet(RECENT_STYLE)
        self._layout(recent)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.database_button.clicked.connect(self.database_requested)
        for task, button in self.demo_buttons.items():
            button.clicked.connect(lambda _c=False, t=task: self.demo_requested.emit(t))
        self.recent_list.itemActivated.connect(self._open_item)

    def _layout(self, recent: list[Location]) -> None:
        left = QVBoxLayout()
        title = QLabel("P-Tuning Studio")
        title.setStyleSheet(TITLE_STYLE)
        left.addWidget(title)
        left.addWidget(
            as_hint(QLabel("Label text, then train P-tuning v2 models on your machine."))
        )
        left.addSpacing(12)
        left.addWidget(self.new_button)
        left.addWidget(self.open_button)
        left.addWidget(self.database_button)
        left.addSpacing(12)
        left.addWidget(QLabel("<b>Try a demo project</b>"))
        for button in self.demo_buttons.values():
            left.addWidget(button)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Recent projects</b>"))
        right.addWidget(self.recent_list)
        self.set_recent(recent)
        grid = QGridLayout(self)
        grid.setContentsMargins(32, 32, 32, 32)
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addSpacing(24)
        row.addLayout(right, 3)
        grid.addLayout(row, 0, 0)
        resize_to_fit(self, 860, 560)

    def set_recent(self, recent: list[Location]) -> None:
        self.recent_list.clear()
        for where in recent:
            item = QListWidgetItem(icon("open"), f"{where.name}\n{where}")
            item.setData(Qt.ItemDataRole.UserRole, str(where))
            item.setToolTip(str(where))
            self.recent_list.addItem(item)
        if not recent:
            placeholder = QListWidgetItem("No recent projects yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(placeholder)

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.project_chosen.emit(path)


def _action(icon_name: str, title: str, hint: str) -> QPushButton:
    button = QPushButton(icon(icon_name), f"{title}\n{hint}")
    button.setStyleSheet(ACTION_STYLE)
    button.setIconSize(QSize(24, 24))
    return button
