"""Team commands of the CLI: ``team`` (make a project a team project, show where it stands)
and ``next`` (the next document for an annotator)."""

from __future__ import annotations

import argparse
import json

from ptcore.cli_help import PROJECT_HELP
from ptcore.store.project import Project
from ptcore.team.assignment import next_document_for
from ptcore.team.settings import MAJORITY
from ptcore.team.state import TeamState, set_team, team_state

PREVIEW = 300


def cmd_team(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        if args.overlap is not None or args.gold_rule is not None:
            current = project.team
            overlap = (
                args.overlap if args.overlap is not None else (current.overlap if current else 1)
            )
            rule = args.gold_rule or (current.gold_rule if current else MAJORITY)
            set_team(project, overlap, rule)
    with Project(args.project) as project:
        state = team_state(project)
    if state is None:
        print(f"{args.project} is a single-person project; `--overlap N` makes it a team project.")
    elif args.json:
        print(json.dumps(_state_json(state)))
    else:
        print("\n".join(_state_lines(state)))
    return 0


def cmd_next(args: argparse.Namespace) -> int:
    with Project(args.project, annotator=args.annotator) as project:
        document = next_document_for(project)
        name = project.annotator
    if document is None:
        print(f"Nothing left for {name}.")
    elif args.json:
        print(
            json.dumps(
                {"id": document.id, "annotator": name, "text": document.text}, ensure_ascii=False
            )
        )
    else:
        more = "…" if len(document.text) > PREVIEW else ""
        print(f"{document.id}\t{document.text[:PREVIEW]}{more}")
    return 0


def _state_json(state: TeamState) -> dict[str, object]:
    return {
        **state.settings.as_json(),
        "annotators": [vars(progress) for progress in state.annotators],
        "needs_review": list(state.needs_review),
    }


def _state_lines(state: TeamState) -> list[str]:
    lines = [f"overlap: {state.settings.overlap}", f"gold rule: {state.settings.gold_rule}"]
    for p in state.annotators:
        lines.append(f"annotator: {p.annotator}: {p.done} done, {p.skipped} skipped, {p.open} open")
    review = ", ".join(map(str, state.needs_review[:20]))
    more = ", …" if len(state.needs_review) > 20 else ""
    lines.append(
        f"needs review: {len(state.needs_review)} documents{': ' if review else ''}{review}{more}"
    )
    return lines


def add_annotator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="who the annotations are by (default: the OS user); in a team project the "
        "work goes to NAME's own layer",
    )


def add_team_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``team`` and ``next``."""
    team = commands.add_parser(
        "team", help="make a project a team project, or show its annotators and reviews"
    )
    team.add_argument("project", help=PROJECT_HELP)
    team.add_argument("--overlap", type=int, metavar="N", help="annotators per document")
    team.add_argument(
        "--gold-rule",
        metavar="RULE",
        help='"majority" (the default) or "annotator:NAME": what makes gold without a review',
    )
    team.add_argument("--json", action="store_true", help="print one JSON object")
    team.set_defaults(run=cmd_team)
    nxt = commands.add_parser("next", help="claim the next document for an annotator to label")
    nxt.add_argument("project", help=PROJECT_HELP)
    add_annotator_option(nxt)
    nxt.add_argument("--json", action="store_true", help="print one JSON object")
    nxt.set_defaults(run=cmd_next)
