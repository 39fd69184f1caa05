"""New project: task, labels (name, colour, shortcut), base model, optional first import."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.models.model_folder import DEFAULT_MODEL_NAME, model_folder_problem
from app.project.import_export import ImportFileWidget, ImportRequest
from app.project.label_table import LabelSpec, LabelTable
from app.project.wizard_fit import FitVerdict
from app.support import folders
from app.widgets.screen_fit import resize_to_fit
from app.widgets.theme import as_hint
from ptcore.records import Task
from ptcore.store.project import Project

TASKS = (
    (Task.CLASSIFICATION, "Text classification — one label per document"),
    (Task.MULTILABEL, "Multi-label classification — any number of labels"),
    (Task.NER, "Named entities — mark spans of text"),
    (Task.QA, "Extractive question answering — answers are spans of a passage"),
)
DEFAULT_LABELS = {
    Task.CLASSIFICATION: ["positive", "negative"],
    Task.MULTILABEL: ["sports", "politics", "technology"],
    Task.NER: ["PER", "ORG", "LOC"],
    Task.QA: [],
}


@dataclass(frozen=True)
class NewProjectSpec:
    path: Path
    task: Task
    labels: list[LabelSpec] = field(default_factory=list)
    base_model: str = ""
    first_import: ImportRequest | None = None


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "P-Tuning Studio"


class TaskPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("What will you label?")
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for index, (task, text) in enumerate(TASKS):
            button = QRadioButton(text, checked=index == 0)  # type: ignore[call-overload]  # stubs lack Qt property keywords
            button.setObjectName(f"task_{task.value}")
            self.group.addButton(button, index)
            layout.addWidget(button)
        self.name = QLineEdit("My project")
        self.folder = QLineEdit(str(default_folder()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Project name:", self.name)
        form.addRow("Save in folder:", row)
        self.path_hint = as_hint(QLabel())
        form.addRow(self.path_hint)
        layout.addLayout(form)
        for edit in (self.name, self.folder):
            edit.textChanged.connect(self.completeChanged)

    def task(self) -> Task:
        return TASKS[max(self.group.checkedId(), 0)][0]

    def path(self) -> Path:
        return Path(self.folder.text().strip()).expanduser() / f"{self.name.text().strip()}.db"

    def isComplete(self) -> bool:
        if not self.name.text().strip() or not self.folder.text().strip():
            self.path_hint.setText("Give the project a name and a folder.")
            return False
        exists = self.path().exists()
        self.path_hint.setText(
            f"{self.path()} already exists: choose another name."
            if exists
            else f"The project file will be {self.path()}"
        )
        return not exists

    def _choose_folder(self) -> None:
        folder = folders.existing_folder(
            self, "Save projects in", folders.PROJECTS_FOLDER, self.folder.text()
        )
        if folder:
            self.folder.setText(folder)


class LabelsPage(QWizardPage):
    def __init__(self, task_page: TaskPage) -> None:
        super().__init__()
        self.setTitle("Labels")
        self.setSubTitle(
            "Name, colour and keyboard shortcut for each label. "
            "You can change them later in Project ▸ Settings."
        )
        self.task_page = task_page
        self.table = LabelTable()
        QVBoxLayout(self).addWidget(self.table)
        self.table.changed.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.table.set_names(DEFAULT_LABELS[self.task_page.task()])

    def isComplete(self) -> bool:
        return self.table.problem() is None


class ModelPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Base model")
        self.setSubTitle("The frozen encoder the P-tuning prefix is trained on.")
        self.default = QRadioButton(f"Embedded default: {DEFAULT_MODEL_NAME}", checked=True)  # type: ignore[call-overload]  # stubs lack Qt property keywords
        self.custom = QRadioButton("A local Hugging Face model folder:")
        self.folder = QLineEdit(placeholderText="/path/to/model (config.json + tokenizer)")
        self.browse = QPushButton("Browse…")
        self.check = QLabel(wordWrap=True, objectName="modelCheck")  # type: ignore[call-overload]  # stubs lack Qt property keywords
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        for widget in (self.default, self.custom):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.check)
        layout.addStretch(1)
        self.browse.clicked.connect(self._choose)
        for signal in (self.folder.textChanged, self.custom.toggled):
            signal.connect(self._recheck)
        self._recheck()

    def base_model(self) -> str:
        return self.folder.text().strip() if self.custom.isChecked() else ""

    def isComplete(self) -> bool:
        return not self.custom.isChecked() or model_folder_problem(self.folder.text()) is None

    def _recheck(self) -> None:
        self.folder.setEnabled(self.custom.isChecked())
        if self.custom.isChecked():
            problem = model_folder_problem(self.folder.text())
            self.check.setText(f"⚠ {problem}" if problem else "✓ This looks like a model folder.")
        else:
            self.check.setText("")
        self.completeChanged.emit()

    def _choose(self) -> None:
        self.custom.setChecked(True)
        folder = folders.existing_folder(self, "Model folder", folders.MODEL, self.folder.text())
        if folder:
            self.folder.setText(folder)


class ImportPage(QWizardPage):
    def __init__(self, task_page: TaskPage, model_page: ModelPage) -> None:
        super().__init__()
        self.setTitle("First documents (optional)")
        self.setSubTitle("Import a file now, or leave this empty and import later (Ctrl+I).")
        self.task_page, self.model_page = task_page, model_page
        self.layout_ = QVBoxLayout(self)
        self.file: ImportFileWidget | None = None
        self.fit = FitVerdict()
        self.layout_.addWidget(self.fit)
        self.fit.use_model.connect(self._use_model)

    def initializePage(self) -> None:
        if self.file is None or self.file.task != self.task_page.task():
            if self.file is not None:
                self.file.deleteLater()
            self.file = ImportFileWidget(self.task_page.task())
            self.file.changed.connect(self.completeChanged)
            self.file.changed.connect(self._check_fit)
            self.layout_.insertWidget(0, self.file)
        self._check_fit()

    def isComplete(self) -> bool:
        return self.file is None or self.file.path() is None or self.file.valid

    def _check_fit(self) -> None:
        """The verdict of the chosen model on the file's first records (a valid file only)."""
        valid = self.file is not None and self.file.valid
        path = self.file.path() if self.file and valid else None
        fmt = self.file.format() if self.file else ""
        self.fit.check(path, self.task_page.task(), fmt, self.model_page.base_model())

    def _use_model(self, folder: str) -> None:
        self.model_page.custom.setChecked(True)
        self.model_page.folder.setText(folder)
        self._check_fit()

    def request(self) -> ImportRequest | None:
        path = self.file.path() if self.file else None
        return ImportRequest(path, self.file.format()) if self.file and path else None


class NewProjectWizard(QWizard):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.task_page = TaskPage()
        self.labels_page = LabelsPage(self.task_page)
        self.model_page = ModelPage()
        self.import_page = ImportPage(self.task_page, self.model_page)
        for page in (self.task_page, self.labels_page, self.model_page, self.import_page):
            self.addPage(page)
        resize_to_fit(self, 720, 520)

    def spec(self) -> NewProjectSpec:
        task = self.task_page.task()
        return NewProjectSpec(
            self.task_page.path(),
            task,
            self.labels_page.table.labels(),
            self.model_page.base_model(),
            self.import_page.request(),
        )


def create_project(spec: NewProjectSpec) -> Path:
    """Create the project file the wizard describes, labels with their colours and keys."""
    names = [label.name for label in spec.labels]
    with Project.create(spec.path, spec.task, names, spec.base_model, spec.path.stem) as project:
        by_name = {label.name: label for label in project.labels.all()}
        for label in spec.labels:
            project.labels.update(
                by_name[label.name].id, color=label.color, shortcut=label.shortcut
            )
    return spec.path
