"""``ptcore agreement``: how far the project's annotators agree, as a table or JSON."""

from __future__ import annotations

import argparse
import json

from ptcore.cli_help import PROJECT_HELP
from ptcore.store.project import Project


def cmd_agreement(args: argparse.Namespace) -> int:
    from ptcore.agreement.of_project import project_agreement  # scikit-learn loads slowly
    from ptcore.agreement.text import report_text

    with Project(args.project) as project:
        report = project_agreement(project)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(report_text(report))
    return 0


def add_agreement_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``agreement``."""
    agreement = commands.add_parser(
        "agreement",
        help="agreement between annotators: Cohen's κ and Krippendorff's α on labels, "
        "span F1 on entities, EM/F1 on answers; overall, per label and per pair",
        epilog="Only documents that two or more annotators marked done are compared. "
        "A number that cannot be computed (nothing to compare, or everyone chose one "
        "label throughout) reads 'undefined' (null in JSON).",
    )
    agreement.add_argument("project", help=PROJECT_HELP)
    agreement.add_argument("--json", action="store_true", help="print one JSON object")
    agreement.set_defaults(run=cmd_agreement)
