"""``ptcore check-model``: can the project's model (or another one) read the project's text?

Also the fit warning ``ptcore import`` prints when the project's model reads the imported text
badly. Only the tokenizer and config load, never the weights.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ptcore.cli_help import PROJECT_HELP
from ptcore.errors import ModelCannotRead, UserError
from ptcore.store.project import Project


def cmd_check_model(args: argparse.Namespace) -> int:
    from ptcore.engine.fit_guard import check_project, fit_lines, verdict_line

    with Project(args.project) as project:
        fit = check_project(project, args.model)
    if args.json:
        print(json.dumps(fit.to_dict(), ensure_ascii=False))
    else:
        print(verdict_line(fit))
        print("\n".join(f"  {line}" for line in fit_lines(fit)))
    return 0


def warn_about_fit(project: Project, texts: Sequence[str]) -> None:
    """Print a warning on stderr when the project's model reads ``texts`` badly; a model that
    cannot be checked only gets a note (the import itself already succeeded)."""
    if not texts:
        return
    try:
        from ptcore.engine.fit_check import check_texts, load_fit_model
        from ptcore.engine.fit_guard import import_warning

        fit = check_texts(texts, load_fit_model(project.info().base_model or None))
    except UserError as error:
        print(f"note: could not check how well the model reads this text: {error}", file=sys.stderr)
        return
    warning = import_warning(fit)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def guard_training(project: Project) -> None:
    """``ptcore train`` refuses a model that cannot read the text, naming ``--force``."""
    from ptcore.engine.fit_guard import ensure_model_reads

    try:
        ensure_model_reads(project)
    except ModelCannotRead as error:
        raise ModelCannotRead(f"{error} (ptcore train --force)", error.fit) from None


def chinese_demo(args: argparse.Namespace) -> int:
    """``ptcore demo --lang zh``: refuses with what it needs unless ``--model`` reads Chinese."""
    from ptcore.cli_console import ConsoleCallbacks, print_predictions, print_run
    from ptcore.cli_engine import finished_demo_run
    from ptcore.demo_zh import chinese_demo_project, require_chinese_model
    from ptcore.engine.runner import train_project
    from ptcore.engine.settings import default_settings
    from ptcore.records import Task

    require_chinese_model(args.model)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ptstudio-demo-"))
    with Project(chinese_demo_project(folder, args.model)) as project:
        print(
            f"Demo project {project.path}: {project.stats()['documents']} documents. "
            f"Training for at most {args.minutes:g} minutes..."
        )
        settings = default_settings(Task.NER, max_minutes=args.minutes)
        run_id = train_project(project, settings, ConsoleCallbacks(Task.NER))
        run = finished_demo_run(project, run_id)
        print_run(project, run)
        print_predictions(project, run.id, args.show)
    return 0


def add_fit_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check-model``."""
    check = commands.add_parser(
        "check-model", help="how well a base model reads the project's text (tokenizer only)"
    )
    check.add_argument("project", help=PROJECT_HELP)
    check.add_argument(
        "--model", type=Path, help="a local model folder to check (default: the project's model)"
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.set_defaults(run=cmd_check_model)
