"""The Advanced section of the train dock: a preset and the knobs people actually change.

Every field's tooltip is the engine's own help text, so the GUI and ``ptcore train --help``
say the same thing. Changing the preset refills the fields from ``default_settings``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from ptcore.engine.settings import DEVICES, PRESETS, TrainSettings, default_settings, help_text

PRESET_HELP = {
    "fast": "Quick feedback: 3 epochs, a short prefix.",
    "balanced": "The task's defaults: a good model in reasonable time.",
    "best": "More epochs, two evaluations per epoch, stops when dev stops improving.",
}
ALL_GPUS_HELP = "One model trained on every GPU at once (torchrun, a process per GPU)."


class SettingsForm(QWidget):
    """Preset plus epochs, prefix length, learning rate, batch, time limit, device and seed."""

    device_changed = Signal(str)

    def __init__(self, task: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.preset = QComboBox()
        self.preset.addItems(PRESETS)
        for i, name in enumerate(PRESETS):
            self.preset.setItemData(i, PRESET_HELP[name], role=3)  # ToolTipRole
        self.epochs = _double(0.5, 200, 1, 1.0)
        self.prefix_len = _int(1, 512)
        self.learning_rate = _double(1e-5, 1.0, 5, 1e-3)
        self.batch_size = _int(1, 1024)
        self.max_minutes = _double(0, 10_000, 1, 5.0)
        self.max_minutes.setSpecialValueText("no limit")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.seed = _int(0, 2**31 - 1)
        self._layout()
        self.preset.currentTextChanged.connect(self.apply_preset)
        self.device.currentTextChanged.connect(self.device_changed)
        self.preset.setCurrentText("balanced")
        self.apply_preset("balanced")

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Preset", self.preset)
        self.preset.setToolTip(" ".join(f"{k}: {v}" for k, v in PRESET_HELP.items()))
        for label, name in (
            ("Epochs", "epochs"),
            ("Prefix length", "prefix_len"),
            ("Learning rate", "learning_rate"),
            ("Batch size", "batch_size"),
            ("Max time (min)", "max_minutes"),
            ("Device", "device"),
            ("Seed", "seed"),
        ):
            widget = getattr(self, name)
            widget.setToolTip(help_text(name))
            form.addRow(label, widget)

    def offer_all_gpus(self, count: int) -> None:
        """Add the device choice "All N GPUs" when this computer has several."""
        if count > 1 and self.device.findText(all_gpus(count)) < 0:
            self.device.addItem(all_gpus(count))
            self.device.setItemData(self.device.count() - 1, ALL_GPUS_HELP, role=3)

    def processes(self) -> int:
        """Training processes the device choice asks for: one per GPU for "All N GPUs"."""
        text = self.device.currentText()
        return int(text.split()[1]) if text.startswith("All ") else 1

    def device_name(self) -> str:
        """The engine's device for the choice ("All N GPUs" trains on cuda)."""
        return "cuda" if self.processes() > 1 else self.device.currentText()

    def apply_preset(self, preset: str) -> None:
        """Fill the fields from the task's defaults under ``preset``; device and seed stay."""
        values = default_settings(self.task, preset)
        self.epochs.setValue(values.epochs)
        self.prefix_len.setValue(values.prefix_len)
        self.learning_rate.setValue(values.learning_rate)
        self.batch_size.setValue(values.batch_size)
        self.max_minutes.setValue(values.max_minutes)

    def settings(self) -> TrainSettings:
        """The settings to train with (raises ``UserError`` for impossible values)."""
        rate = self.learning_rate.value()
        preset = default_settings(self.task, self.preset.currentText())
        # Epochs the user typed are meant; the preset's may grow on a small project.
        explicit_epochs = self.epochs.value() != preset.epochs
        return preset.replace(
            epochs=self.epochs.value(),
            min_steps=0 if explicit_epochs else None,
            prefix_len=self.prefix_len.value(),
            learning_rate=rate,
            head_learning_rate=rate,
            batch_size=self.batch_size.value(),
            max_minutes=self.max_minutes.value(),
            device=self.device_name(),
            seed=self.seed.value(),
        )


def all_gpus(count: int) -> str:
    return f"All {count} GPUs"


def _int(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    return box


def _double(low: float, high: float, decimals: int, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    return box
