"""Run commands of the CLI: list a project's training runs, delete one."""

from __future__ import annotations

import argparse
import sys

from ptcore.cli_help import PROJECT_HELP
from ptcore.store.project import Project


def cmd_runs(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        for run in project.runs.all():
            model = run.model_dir or "no saved model"
            print(f"{run.id}\t{run.status}\t{run.started_at[:19]}\t{model}")
    return 0


def cmd_delete_run(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        note = project.delete_run(args.run_id)
    print(f"Deleted run {args.run_id}.")
    if note:
        print(f"warning: {note}", file=sys.stderr)
    return 0


def add_run_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``runs`` and ``delete-run``."""
    runs = commands.add_parser("runs", help="list training runs: id, status, start, model folder")
    runs.add_argument("project", help=PROJECT_HELP)
    runs.set_defaults(run=cmd_runs)
    delete = commands.add_parser(
        "delete-run", help="delete a run, its metrics, predictions and model folder"
    )
    delete.add_argument("project", help=PROJECT_HELP)
    delete.add_argument("run_id", type=int, metavar="RUN")
    delete.set_defaults(run=cmd_delete_run)
