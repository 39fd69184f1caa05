"""``ptcore copy SRC DST``: a project copied between a file and a PostgreSQL database."""

from __future__ import annotations

import argparse

from ptcore.cli_help import PROJECT_HELP
from ptcore.db.location import Location


def cmd_copy(args: argparse.Namespace) -> int:
    from ptcore.store.copying import copy_project

    counts = copy_project(args.source, args.destination)
    rows = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
    print(f"Copied {args.source} to {Location.of(args.destination)}: {rows or 'no rows'}.")
    return 0


def add_copy_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    copy = commands.add_parser(
        "copy",
        help="copy a project whole (ids, runs, predictions, models) into a new file or an "
        "empty PostgreSQL database, or back",
    )
    copy.add_argument("source", metavar="SRC", help=PROJECT_HELP)
    copy.add_argument(
        "destination", metavar="DST", help="a new project file, or an empty database's URL"
    )
    copy.set_defaults(run=cmd_copy)
