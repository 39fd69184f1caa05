"""The Agreement view: how far the project's annotators agree, overall, per label and per
pair of annotators, with the documents and items each number rests on.

The numbers come from ptcore's agreement report, computed off the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.support.background import run_in_background
from app.support.messages import MessageBridge
from app.training.tables import Index, RowsModel
from app.widgets.screen_fit import resize_to_fit
from app.widgets.table_fit import fit_columns
from ptcore.agreement.report import (
    METRIC_TITLES,
    NO_TEAM_WORK,
    AgreementReport,
    Scores,
    format_value,
)
from ptcore.errors import UserError
from ptcore.store.project import Project

UNDEFINED_NOTE = (
    "“undefined”: nothing to compare, or everyone chose the same throughout "
    "(chance agreement is then already 1)."
)


class AgreementView(QDialog):
    computed = Signal()

    def __init__(self, project: Project, bridge: MessageBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.project, self.bridge = project, bridge
        self.report: AgreementReport | None = None
        self.summary = QLabel("Computing agreement…", wordWrap=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.overall = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)  # type: ignore[call-overload]
        self.labels_model, self.pairs_model = NumbersModel(parent=self), NumbersModel(parent=self)
        self.labels_view, self.pairs_view = _table(self.labels_model), _table(self.pairs_model)
        self.refresh_button = QPushButton("Refresh")
        self.labels_title = QLabel("<b>Per label</b>")
        self._layout()
        self.refresh_button.clicked.connect(self.refresh)
        resize_to_fit(self, 760, 560)
        self.refresh()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.overall)
        layout.addWidget(self.labels_title)
        layout.addWidget(self.labels_view, 2)
        layout.addWidget(QLabel("<b>Per pair of annotators</b>"))
        layout.addWidget(self.pairs_view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        from ptcore.agreement.of_project import project_agreement  # scikit-learn loads slowly

        project = self.project
        run_in_background(
            lambda _progress: project_agreement(project),
            on_success=self.show_report,
            on_failure=self._failed,
        )

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        self.summary.setText(summary_text(report))
        self.overall.setText(overall_text(report) if report.compared else "")
        headers = [*(METRIC_TITLES[m] for m in report.metrics), report.item_name, "documents"]
        self.labels_model.set_rows(
            ["Label", *headers], [_row(name, s, report) for name, s in report.labels.items()]
        )
        self.pairs_model.set_rows(
            ["Annotators", *headers],
            [_row(f"{p.first} / {p.second}", p.overall, report) for p in report.pairs],
        )
        for widget in (self.labels_title, self.labels_view):  # QA has no labels
            widget.setVisible(bool(report.labels))
        self.computed.emit()

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        if isinstance(error, UserError):
            self.summary.setText(str(error))
        else:
            self.bridge.report(error, self)


class NumbersModel(RowsModel):
    """Rows whose cells right of the first are numbers, "undefined" included."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def summary_text(report: AgreementReport) -> str:
    if not report.annotated:
        return NO_TEAM_WORK
    who = ", ".join(report.annotators) or "no two annotators finished a document in common"
    documents = (
        f"{report.compared} of {report.annotated} annotated documents were finished by two "
        "or more annotators; only those are compared."
    )
    note = f" {UNDEFINED_NOTE}" if _any_undefined(report) else ""
    return f"Annotators: {who}. {documents}{note}"


def _any_undefined(report: AgreementReport) -> bool:
    scores = [report.overall, *report.labels.values(), *(p.overall for p in report.pairs)]
    return report.compared > 0 and any(v is None for s in scores for v in s.values.values())


def overall_text(report: AgreementReport) -> str:
    scores = report.overall
    numbers = " · ".join(
        f"{METRIC_TITLES[m]} <b>{format_value(scores.values[m])}</b>" for m in report.metrics
    )
    rests = (
        f"on {counted(scores.items, report.item_name)} in {counted(scores.documents, 'documents')}"
    )
    light = (
        " (κ: the mean of the pairs')"
        if "kappa" in report.metrics and len(report.annotators) > 2
        else ""
    )
    return f"Overall: {numbers}, {rests}{light}."


def counted(count: int, plural: str) -> str:
    """ "1 document", "2 documents"."""
    return f"{count} {plural[:-1] if count == 1 else plural}"


def _row(name: str, scores: Scores, report: AgreementReport) -> tuple[Any, ...]:
    values = (_cell(scores.values[m]) for m in report.metrics)
    return (name, *values, scores.items, scores.documents)


def _cell(value: float | None) -> float | str:
    return format_value(value) if value is None else value


def _table(model: NumbersModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    fit_columns(view)
    return view
