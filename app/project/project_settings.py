"""Project settings: labels (add, rename, recolour, shortcut, merge, delete) and base model.

Every change is committed at once by the store; ``labels_changed`` tells the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.model_folder import DEFAULT_MODEL_NAME, model_folder_problem
from app.support.messages import MessageBridge
from app.widgets.screen_fit import resize_to_fit
from app.widgets.theme import as_hint, swatch
from ptcore.errors import UserError
from ptcore.store.project import Project
from ptcore.store.views import Label

UNDO_NOTE = (
    "Label changes are saved at once and cannot be undone; they also clear the "
    "undo history of your annotations (Ctrl+Z stops here)."
)


class ProjectSettingsDialog(QDialog):
    labels_changed = Signal()

    def __init__(
        self, project: Project, bridge: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project settings")
        self.project, self.bridge = project, bridge
        self.list = QListWidget()
        self.new_name = QLineEdit(placeholderText="New label name")
        self.add_button = QPushButton("Add")
        self.name = QLineEdit()
        self.shortcut = QLineEdit(maxLength=1)
        self.color_button = QPushButton("Colour…")
        self.merge_target = QComboBox()
        self.merge_button = QPushButton("Merge")
        self.delete_button = QPushButton("Delete…")
        self.model = QLineEdit(project.info().base_model, placeholderText=DEFAULT_MODEL_NAME)
        self.model_check = as_hint(QLabel(wordWrap=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.undo_note = as_hint(QLabel(UNDO_NOTE, wordWrap=True))  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self._layout()
        self._connect()
        self.reload()
        resize_to_fit(self, 620, 520)

    def _layout(self) -> None:
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name)
        add_row.addWidget(self.add_button)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_target, 1)
        merge_row.addWidget(self.merge_button)
        form = QFormLayout()
        form.addRow("Name (Enter to rename):", self.name)
        form.addRow("Shortcut key:", self.shortcut)
        form.addRow("Colour:", self.color_button)
        form.addRow("Merge into:", merge_row)
        form.addRow(self.delete_button)
        labels = QGroupBox("Labels")
        box = QVBoxLayout(labels)
        box.addLayout(add_row)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(form, 1)
        box.addLayout(row)
        box.addWidget(self.undo_note)
        model = QGroupBox("Base model folder (empty: the embedded default)")
        model_layout = QVBoxLayout(model)
        model_layout.addWidget(self.model)
        model_layout.addWidget(self.model_check)
        layout = QVBoxLayout(self)
        layout.addWidget(labels)
        layout.addWidget(model)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._add)
        self.new_name.returnPressed.connect(self._add)
        self.list.currentRowChanged.connect(self._show_current)
        self.name.returnPressed.connect(self._rename)
        self.shortcut.editingFinished.connect(self._set_shortcut)
        self.color_button.clicked.connect(self._recolour)
        self.merge_button.clicked.connect(self._merge)
        self.delete_button.clicked.connect(self._delete)
        self.model.editingFinished.connect(self._set_model)

    def reload(self, select: str | None = None) -> None:
        self.labels = self.project.labels.all()
        self.list.blockSignals(True)
        self.list.clear()
        for label in self.labels:
            hint = f"   [{label.shortcut}]" if label.shortcut else ""
            self.list.addItem(QListWidgetItem(swatch(label.color), label.name + hint))
        self.list.blockSignals(False)
        names = [label.name for label in self.labels]
        self.list.setCurrentRow(names.index(select) if select in names else 0)
        self._show_current()

    def current(self) -> Label | None:
        row = self.list.currentRow()
        return self.labels[row] if 0 <= row < len(self.labels) else None

    def _show_current(self) -> None:
        label = self.current()
        for widget in (
            self.name,
            self.shortcut,
            self.color_button,
            self.merge_button,
            self.merge_target,
            self.delete_button,
        ):
            widget.setEnabled(label is not None)
        self.name.setText(label.name if label else "")
        self.shortcut.setText(label.shortcut if label else "")
        self.merge_target.clear()
        for other in self.labels:
            if label and other.id != label.id:
                self.merge_target.addItem(other.name, other.id)

    def _change(self, action: object, select: str | None = None) -> None:
        """Run one store call; on success reload and tell the window."""
        try:
            action()  # type: ignore[operator]
        except UserError as error:
            self.bridge.report(error, self)
            return
        self.reload(select)
        self.labels_changed.emit()

    def _add(self) -> None:
        name = self.new_name.text().strip()
        self._change(lambda: self.project.labels.add(name), name)
        self.new_name.clear()

    def _rename(self) -> None:
        label, name = self.current(), self.name.text().strip()
        if label and name != label.name:
            self._change(lambda: self.project.labels.rename(label.id, name), name)

    def _set_shortcut(self) -> None:
        label, key = self.current(), self.shortcut.text().strip()
        if label and key != label.shortcut:
            self._change(lambda: self.project.labels.update(label.id, shortcut=key), label.name)

    def _recolour(self) -> None:
        label = self.current()
        if label is None:
            return
        color = QColorDialog.getColor(QColor(label.color), self, f"Colour of {label.name}")
        if color.isValid():
            self._change(
                lambda: self.project.labels.update(label.id, color=color.name().upper()), label.name
            )

    def _merge(self) -> None:
        label, target = self.current(), self.merge_target.currentData()
        if label and target is not None:
            name = self.merge_target.currentText()
            self._change(lambda: self.project.labels.merge(label.id, int(target)), name)

    def _delete(self) -> None:
        label = self.current()
        if label is None:
            return
        used = self.project.labels.usage(label.id)
        if (
            used
            and QMessageBox.question(
                self,
                "Delete label",
                f"{label.name!r} is used by {used} annotation{'s' if used != 1 else ''}. "
                "Delete the label and every annotation that uses it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self._change(lambda: self.project.labels.delete(label.id))

    def _set_model(self) -> None:
        folder = self.model.text().strip()
        problem = model_folder_problem(folder) if folder else None
        self.model_check.setText(f"⚠ {problem}" if problem else "✓ Saved.")
        if problem is None and folder != self.project.info().base_model:
            self.project.update_info(base_model=folder)

    def keyPressEvent(self, event: object) -> None:  # Enter edits, it must not close the dialog
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]
