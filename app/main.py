"""``ptstudio [PROJECT.db]``: the start page, or straight into a project."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget

from app.project.demo_zh import TASK as CHINESE_DEMO
from app.project.demo_zh import chinese_demo
from app.project.new_project_wizard import NewProjectWizard, create_project, default_folder
from app.project.open_database import ask_database
from app.project.start_page import StartPage
from app.support import background, folders, logs, settings
from app.support.background import run_in_background
from app.support.gil import share_the_gil_promptly
from app.support.messages import MessageBridge, install_excepthooks
from app.support.platform_check import check_platform
from app.support.settings import AppSettings
from app.widgets import theme
from app.window.main_window import MainWindow
from ptcore.cli_help import package_version
from ptcore.db.location import Location
from ptcore.demo import demo_project
from ptcore.errors import UserError
from ptcore.store.project import Project


class Shell(QObject):
    """Which top-level window is showing: the start page or one project window."""

    def __init__(self, bridge: MessageBridge, app_settings: AppSettings, data_dir: Path) -> None:
        super().__init__()
        self.bridge, self.settings, self.data_dir = bridge, app_settings, data_dir
        self.start: StartPage | None = None
        self.window: MainWindow | None = None
        self.wizard: NewProjectWizard | None = None

    def show_start(self) -> None:
        if self.start is None:
            self.start = StartPage(self.settings.recent_projects())
            self.start.new_requested.connect(self.new_project)
            self.start.open_requested.connect(self.choose_project)
            self.start.database_requested.connect(self.choose_database)
            self.start.project_chosen.connect(self.open_project)
            self.start.demo_requested.connect(self.open_demo)
        self.start.set_recent(self.settings.recent_projects())
        self.start.show()

    def open_project(self, path: Path | Location | str) -> MainWindow | None:
        """Open ``path`` (a file, or a database's URL) in place of the open project; None if it
        cannot be opened or the user keeps the open one (it was busy and they answered No)."""
        try:
            project = Project(path, annotator=self.settings.annotator_name())
        except UserError as error:
            self.bridge.report(error, self._parent())
            return None
        if not self._close_window():
            project.close()
            return None
        self.settings.add_recent(project.location)
        self.window = MainWindow(project, self.bridge, self.settings)
        self.window.new_requested.connect(self.new_project)
        self.window.open_requested.connect(self.choose_project)
        self.window.open_database_requested.connect(self.choose_database)
        self.window.close_requested.connect(self.close_project)
        self.window.quit_requested.connect(self.quit)
        self.window.reopen_requested.connect(self.reopen_project)
        self.window.show()
        self.window.load()
        if self.start is not None:
            self.start.hide()
        return self.window

    def reopen_project(self) -> None:
        """Open the project again (your name or its team rules changed: its stores follow)."""
        if self.window is not None:
            self.open_project(self.window.project.location)

    def close_project(self) -> None:
        if self._close_window():
            self.show_start()

    def quit(self) -> None:
        """Close the project (asking if work runs), then every window, then the app."""
        if self._close_window():
            QApplication.closeAllWindows()
            QApplication.quit()

    def _close_window(self) -> bool:
        """Close the project window. False, with everything as it was, if the user keeps it
        (``MainWindow.closeEvent`` asks when work is running)."""
        if self.window is not None:
            if not self.window.close():
                return False
            self.window.deleteLater()
            self.window = None
        return True

    def choose_project(self) -> None:
        name = folders.open_file(self._parent(), "Open project", folders.PROJECT, "Projects (*.db)")
        if name:
            self.open_project(Path(name))

    def choose_database(self) -> None:
        try:
            where = ask_database(self._parent())
        except UserError as error:
            self.bridge.report(error, self._parent())
            return
        if where is not None:
            self.open_project(where)

    def new_project(self) -> None:
        self.wizard = NewProjectWizard(self._parent())
        self.wizard.accepted.connect(self._create_from_wizard)
        self.wizard.open()

    def _create_from_wizard(self) -> None:
        assert self.wizard is not None
        spec = self.wizard.spec()
        if not self._close_window():  # asked before the new file exists: No leaves no trace
            return
        try:
            create_project(spec)
        except UserError as error:
            self.show_start()  # the window (the wizard's parent) may be gone
            self.bridge.report(error, self.start)
            return
        window = self.open_project(spec.path)
        if window is not None and spec.first_import is not None:
            window.start_import(spec.first_import)

    def open_demo(self, task: str) -> None:
        folder = self.data_dir / "demos"
        build = chinese_demo if task == CHINESE_DEMO else partial(demo_project, task)
        run_in_background(
            lambda _progress: build(folder),
            on_success=self.open_project,
            on_failure=lambda error: self.bridge.report(error, self.start),
        )

    def _parent(self) -> QWidget | None:
        return self.window or self.start


def user_data_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else default_folder()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """``--help`` and ``--version`` print and exit before any window opens."""
    started_as = Path(argv[0]).name if argv else "ptstudio"
    parser = argparse.ArgumentParser(
        prog=f"python {started_as}" if started_as.endswith(".py") else "ptstudio",
        description="P-Tuning Studio: label text and train P-tuning v2 models on your machine. "
        "Opens the start page, or the project given.",
    )
    parser.add_argument(
        "project", nargs="?", help="a project file (.db), or a postgresql:// URL, to open at once"
    )
    parser.add_argument(
        "--version", action="version", version=f"P-Tuning Studio {package_version()}"
    )
    return parser.parse_args(argv[1:])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    arguments = parse_arguments(argv)
    if QApplication.instance() is None and (missing := check_platform()) is not None:
        print(missing, file=sys.stderr)  # instead of Qt's abort, which names no package
        return 1
    share_the_gil_promptly()  # the GUI thread waits less for a training thread's GIL
    app = QApplication.instance() or QApplication(argv[:1])
    app.setOrganizationName(settings.ORGANIZATION)
    app.setApplicationName(settings.APPLICATION)
    theme.apply_theme(app)  # type: ignore[arg-type]
    bridge = MessageBridge(app)
    install_excepthooks(bridge)
    logs.install(user_data_dir())
    shell = Shell(bridge, AppSettings(), user_data_dir())
    if arguments.project is None or shell.open_project(arguments.project) is None:
        shell.show_start()
    code = app.exec()
    background.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
