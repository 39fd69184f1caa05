"""Open every main screen in a real X window and check its layout (see geometry.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb python -m tests.layout.screens --projects DIR --out DIR

One process per screen size: the start page, each page of the new-project wizard, and for
each sample project (each task; 4, 13 and 30 labels) the main window with its editor and
Training panel, the runs view, the evaluation view and the project settings. Prints one JSON
object: the problems found and how many screens were checked; saves a screenshot of each.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from app.project.new_project_wizard import NewProjectWizard
from app.project.project_settings import ProjectSettingsDialog
from app.project.start_page import StartPage
from app.support import background
from app.support import settings as app_settings
from app.support.messages import MessageBridge
from app.support.settings import AppSettings
from app.training.evaluation_view import EvaluationResult, EvaluationView
from app.training.runs_view import RunsView
from app.training.tables import metric_rows
from app.widgets import theme
from app.window.main_window import MainWindow
from ptcore.records import Task
from ptcore.store.project import Project
from tests.layout import samples
from tests.layout.geometry import window_problems

READABLE_TEXT_WIDTH = 150
MODEL_COLUMNS = ("Conf.", "≠")
SETTLE_S = 0.15  # for the window manager to frame and place a new window
Screen = tuple[str, Callable[[], QWidget]]


class Checker:
    def __init__(self, out: Path | None) -> None:
        self.out, self.problems, self.checked = out, [], 0  # type: ignore[var-annotated]

    def check(self, name: str, window: QWidget) -> None:
        window.show()
        QTest.qWaitForWindowExposed(window, 5000)
        settle()
        found = window_problems(window)
        if name.startswith("main-") and not window.training.dock.isVisible():  # type: ignore[attr-defined]
            found += document_list_problems(window)  # type: ignore[arg-type]
        self.problems += [f"{name}: {p}" for p in found]
        self.checked += 1
        if self.out is not None:
            shot = window.screen().grabWindow(0)
            shot.save(str(self.out / f"{name}.png"))


def document_list_problems(window: MainWindow) -> list[str]:
    """The list shows the text readably and the model's columns without scrolling."""
    view = window.panel.view
    header, model = view.horizontalHeader(), view.model()
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(header.count())]
    problems = []
    text = header.sectionSize(titles.index("Text"))
    if text < READABLE_TEXT_WIDTH:
        problems.append(f"document list: the Text column is {text} px")
    for title in MODEL_COLUMNS:
        column = titles.index(title)
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        if right > view.viewport().width():
            problems.append(f"document list: column {title!r} is out of view")
    return problems


def settle() -> None:
    end = time.monotonic() + SETTLE_S
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def wizard_screens(folder: Path) -> Iterator[tuple[str, QWidget]]:
    wizard = NewProjectWizard()
    wizard.show()
    wizard.task_page.findChild(QRadioButton, "task_ner").setChecked(True)  # spans to preview
    yield "wizard-1-task", wizard
    wizard.next()
    wizard.labels_page.table.set_names(samples.label_names(30))
    yield "wizard-2-labels-30", wizard
    wizard.next()
    yield "wizard-3-model", wizard
    wizard.next()
    page = wizard.import_page
    if page.file is not None:
        page.file.set_path(preview_file(folder))
    yield "wizard-4-import", wizard
    wizard.close()


def preview_file(folder: Path) -> Path:
    path = folder / "preview.jsonl"
    rows = [
        {"text": text, "label": [[0, 4, "ORG"], [5, 10, "LOC"], [12, 20, "PER"]]}
        for text in samples.TEXTS
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def project_screens(path: Path, name: str) -> Iterator[tuple[str, QWidget]]:
    project = Project(path)
    bridge = MessageBridge()
    window = MainWindow(project, bridge, AppSettings())
    window.training.panel.device_text = "CPU"  # no device check: it imports torch (seconds)
    window.show()
    window.load()
    labels = project.labels.names()
    metrics = samples.fake_metrics(project.task, labels)
    panel = window.training.panel
    panel.metrics_model.set_rows(*metric_rows(metrics))
    window.panel.select_row(0)
    yield f"main-{name}", window
    window.training.dock.show()  # as Train does, also where it starts hidden
    panel.advanced_button.setChecked(True)
    yield f"training-{name}", window
    panel.advanced_button.setChecked(False)
    runs = RunsView(project, bridge, window)
    yield f"runs-{name}", runs
    runs.close()
    evaluation = EvaluationView(project, bridge, project.runs.all()[0].id, window)
    errors = [
        (i + 1, "gold label", "predicted label", 0.91, 1.234, samples.TEXTS[i % 4][:80])
        for i in range(12)
    ]
    evaluation._show(EvaluationResult(metrics, errors))
    yield f"evaluation-{name}", evaluation
    evaluation.close()
    dialog = ProjectSettingsDialog(project, bridge, window)
    yield f"settings-{name}", dialog
    dialog.close()
    window.close()


def all_screens(projects: Path) -> Iterator[tuple[str, QWidget]]:
    start = StartPage([])
    yield "start", start
    start.close()
    yield from wizard_screens(projects)
    for task in Task:
        for count in (0,) if task is Task.QA else (4, 13, 30):
            path = samples.build(projects, task, count)
            yield from project_screens(path, f"{task.value}-{count}" if count else task.value)


def skip_model_loading() -> None:
    """The check is about layout: no torch (device check) and no tokenizer (NER flags),
    whose imports take seconds and outlive a short run."""
    from app.editors import ner

    ner.project_tokenizer = lambda _project: None  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", default="", help="check only screens whose name has this")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(app_settings.ORGANIZATION)
    QCoreApplication.setApplicationName(app_settings.APPLICATION)
    theme.apply_theme(app)  # type: ignore[arg-type]
    args.projects.mkdir(parents=True, exist_ok=True)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    skip_model_loading()
    checker = Checker(args.out)
    for name, window in all_screens(args.projects):
        if args.only in name:
            checker.check(name, window)
    background.shutdown()
    print(json.dumps({"checked": checker.checked, "problems": checker.problems}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
