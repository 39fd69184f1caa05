"""Progress per split (labeled / total) and the save state. The store commits every action."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

SAVED = "✓ All changes saved"
MESSAGE_MS = 4000


class ProjectStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QLabel(objectName="progress")  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.save_state = QLabel(SAVED)
        self.save_state.setContentsMargins(8, 0, 8, 0)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.save_state)

    def show_stats(self, stats: dict[str, Any]) -> None:
        parts = [f"{stats['labeled']}/{stats['documents']} labeled"]
        for split, counts in stats["by_split"].items():
            if counts["documents"]:
                parts.append(f"{split} {counts['labeled']}/{counts['documents']}")
        self.progress.setText("   ·   ".join(parts))

    def show_saved(self) -> None:
        self.save_state.setText(SAVED)

    def notify(self, text: str) -> None:
        self.showMessage(text, MESSAGE_MS)
