"""The import report: what an import brought in, what it skipped and why (with line
numbers), labels added, notes and warnings. It stays until dismissed (a status-bar message
vanished after 4 s, cut off) and File ▸ Last import report shows it again."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

WARNING_PREFIXES = ("warning:", "skipped:")


class ImportReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.headline = QLabel(wordWrap=True)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    def set_report(self, report: str) -> None:
        headline, *details = report.splitlines() or [""]
        attention = sum(line.startswith(WARNING_PREFIXES) for line in details)
        self.headline.setText(
            f"<b>{headline}</b>"
            + (
                f"<br>{attention} thing{'s' if attention > 1 else ''} to check below."
                if attention
                else ""
            )
        )
        self.details.setPlainText("\n".join(details) or "Nothing was skipped; no warnings.")


class ImportReports:
    """Keeps the last report of a window and the File ▸ Last import report action."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.last: str | None = None
        self.dialog: ImportReportDialog | None = None
        self.action = QAction("Last import &report…", window)
        self.action.setEnabled(False)
        self.action.triggered.connect(self.show_last)

    def show_report(self, report: str) -> None:
        self.last = report
        self.action.setEnabled(True)
        self.show_last()

    def show_last(self) -> None:
        if self.last is None:
            return
        if self.dialog is None:
            self.dialog = ImportReportDialog(self.window)
        self.dialog.set_report(self.last)
        self.dialog.show()
        self.dialog.raise_()
