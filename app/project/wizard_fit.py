"""The New-project wizard's fit verdict: can the chosen model read the first import's text?

It checks the file's first records against the chosen model before the project is made, and
when the text is mostly CJK and a registered model reads it, proposes that model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.models.fit_view import fit_html
from app.models.model_registry import registered_models
from app.support.background import run_in_background
from ptcore.errors import UserError

if TYPE_CHECKING:
    from ptcore.engine.fit_check import ModelFit

FIT_PREVIEW_RECORDS = 500
MOSTLY_CJK = 0.5


@dataclass(frozen=True)
class WizardFit:
    fit: ModelFit
    proposal: str = ""  # a registered folder that reads the text well
    proposal_fit: ModelFit | None = None


def wizard_fit(path: Path, task: str, format: str, chosen: str, registered: list[str]) -> WizardFit:
    """The chosen model's fit on the file's first records, and a registered model to propose
    (background: loads tokenizers)."""
    from app.project import formats
    from ptcore.engine.fit_check import check_texts, load_fit_model

    texts = [r.text for r in formats.preview_records(path, task, format, FIT_PREVIEW_RECORDS)]
    fit = check_texts(texts, load_fit_model(chosen or None))
    if fit.cjk_share < MOSTLY_CJK or fit.verdict == "reads well":
        return WizardFit(fit)
    for folder in registered:
        if folder == chosen:
            continue
        try:
            other = check_texts(texts, load_fit_model(folder))
        except UserError:
            continue  # a registered folder that moved: the model manager says so
        if other.verdict == "reads well":
            return WizardFit(fit, folder, other)
    return WizardFit(fit)


class FitVerdict(QWidget):
    """The verdict with its numbers, and a button that proposes a better registered model."""

    use_model = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(wordWrap=True, objectName="fitVerdict", openExternalLinks=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.propose = QPushButton()
        self.propose.setVisible(False)
        self.proposal = ""
        self._asked = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.propose)
        self.propose.clicked.connect(lambda: self.use_model.emit(self.proposal))

    def check(self, path: Path | None, task: str, format: str, chosen: str) -> None:
        """Check ``path`` against ``chosen`` ('' for the embedded model) in the background."""
        self._asked += 1
        asked, registered = self._asked, registered_models()
        self.propose.setVisible(False)
        if path is None:
            self.label.setText("")
            return
        self.label.setText("Checking whether the base model can read this text…")
        run_in_background(
            lambda _p: wizard_fit(path, task, format, chosen, registered),
            on_success=lambda result: self._show(asked, result),
            on_failure=lambda error: self._fail(asked, error),
        )

    def _show(self, asked: int, result: WizardFit) -> None:
        if asked != self._asked or not shiboken6.isValid(self.label):
            return  # a newer check is on its way, or the wizard is gone
        self.label.setText(fit_html(result.fit))
        self.proposal = result.proposal
        if result.proposal and result.proposal_fit is not None:
            unknown = 100 * result.proposal_fit.unknown_token_share
            self.propose.setText(
                f"This text is mostly Chinese/CJK: use your registered model "
                f"{Path(result.proposal).name} ({unknown:.1f} % unknown tokens)"
            )
            self.propose.setVisible(True)

    def _fail(self, asked: int, error: BaseException) -> None:
        if asked == self._asked and shiboken6.isValid(self.label):
            self.label.setText(f"⚠ Could not check the model against this text: {error}")
