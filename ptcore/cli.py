"""``ptcore`` (or ``python -m ptcore``): everything the GUI can do to a project, headless.

Every command exits non-zero with a one-line message on stderr when it fails; user
errors never show a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from ptcore.cli_fit import add_fit_commands, warn_about_fit
from ptcore.cli_help import PROJECT_HELP, formats_epilog, package_version, require_format
from ptcore.db import errors as db_errors
from ptcore.errors import UserError
from ptcore.exporting import export_records
from ptcore.import_summary import import_lines
from ptcore.io.limits import DEFAULT_MAX_DOCUMENT_CHARS, ReadLimits, positive_int
from ptcore.io.registry import ImportReport, read_records
from ptcore.records import Split, Status, Task, collecting_texts
from ptcore.store.documents import DocumentFilter
from ptcore.store.duplicates import Dedupe
from ptcore.store.importing import ImportOptions
from ptcore.store.project import Project
from ptcore.store.safe_output import atomic_output, check_target
from ptcore.team.cli import add_annotator_option, add_team_commands
from ptcore.team.importing import import_annotator_work

DESCRIPTION = "Everything P-Tuning Studio does to a project, headless. Each command has --help."


def cmd_init(args: argparse.Namespace) -> int:
    labels = [name for name in (args.labels or "").split(",") if name.strip()]
    with Project.create(
        args.project, args.task, labels, base_model=args.model or "", name=args.name or ""
    ) as project:
        named = ", ".join(labels) or "none yet"
        print(f"Created {project.location} ({project.task}, labels: {named}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with Project(args.project, annotator=args.annotator) as project:
        require_format(args.format, project.task, "import")
        report = ImportReport(limits=ReadLimits(max_document_chars=args.max_document_size))
        records = read_records(
            args.file,
            project.task,
            args.format,
            report=report,
            text_field=args.text_field,
            tag_column=args.tag_column,
            layer=args.layer,
            text_only=args.text_only,
            label_config=args.label_config,
        )
        options = ImportOptions(
            split=args.split,
            add_labels=args.add_labels,
            dedupe=args.dedupe,
            tool=report.format,
            learned=report.learned,
        )
        if project.team is not None and args.annotator:
            count = import_annotator_work(project, records, args.file)
            print(f"Imported {project.annotator}'s annotations of {count} documents.")
            return 0
        texts: list[str] = []  # for the fit check, while the records stream in
        result = project.import_records(collecting_texts(records, texts), args.file, options)
        print("\n".join(import_lines(result, report)), flush=True)  # one fact a line
        warn_about_fit(project, texts)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        require_format(args.format, project.task, "export")
        where = DocumentFilter(
            split=args.split, status=Status.LABELED if args.labeled_only else None
        )
        check_target(args.out, project.location.file)
        with atomic_output(args.out) as partial:
            count = export_records(project, project.records(where), partial, args.format)
        print(f"Wrote {count} documents to {args.out}.")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        stats = project.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        print(format_stats(stats))
    return 0


def format_stats(stats: dict) -> str:  # type: ignore[type-arg]
    lines = [
        f"task: {stats['task']}",
        f"documents: {stats['documents']} (labeled {stats['labeled']}, "
        f"unlabeled {stats['unlabeled']}, skipped {stats['skipped']})",
        f"annotations: {stats['annotations']}",
    ]
    if stats["questions"]:
        lines.append(f"questions: {stats['questions']}")
    for split, counts in stats["by_split"].items():
        lines.append(
            f"  {split:<5} {counts['documents']:>8} documents, {counts['labeled']:>8} labeled"
        )
    lines.extend(f"  {name:<20} {count:>8}" for name, count in stats["by_label"].items())
    return "\n".join(lines)


def build_parser(prog: str = "ptcore") -> argparse.ArgumentParser:
    """The parser, its usage lines named ``prog``: how the user started it."""
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    parser.add_argument(
        "--version", action="version", version=f"P-Tuning Studio {package_version()}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_project_commands(commands)
    from ptcore.cli_agreement import add_agreement_commands
    from ptcore.cli_copy import add_copy_command
    from ptcore.cli_engine import add_engine_commands
    from ptcore.cli_model import add_model_commands
    from ptcore.cli_runs import add_run_commands

    add_engine_commands(commands)
    add_model_commands(commands)
    add_fit_commands(commands)
    add_run_commands(commands)
    add_team_commands(commands)
    add_agreement_commands(commands)
    add_copy_command(commands)
    _describe_commands(commands)
    return parser


def _describe_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Each command's --help opens with its one-line summary from the command list."""
    for listed in commands._choices_actions:
        command, summary = commands.choices[listed.dest], listed.help or ""
        if summary and not command.description:
            command.description = f"{summary[:1].upper()}{summary[1:]}."


def _add_project_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = commands.add_parser("init", help="create a new project file")
    init.add_argument("project", help=PROJECT_HELP)
    init.add_argument("--task", required=True, choices=[t.value for t in Task])
    init.add_argument("--labels", help="comma-separated label names, e.g. PER,LOC,ORG")
    init.add_argument(
        "--model", help="local Hugging Face model folder (default: the embedded MiniLM)"
    )
    init.add_argument("--name", help="a display name (default: the file name)")
    init.set_defaults(run=cmd_init)

    imp = commands.add_parser(
        "import",
        help="import a file into a project (all or nothing)",
        epilog=formats_epilog("import"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("project", help=PROJECT_HELP)
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--format",
        metavar="FORMAT",
        help="the file's format, one of the project's task's below (default: detected)",
    )
    imp.add_argument(
        "--split", choices=[s.value for s in Split], help="put every document in this split"
    )
    imp.add_argument("--add-labels", action="store_true", help="add labels the project lacks")
    imp.add_argument(
        "--max-document-size",
        type=positive_int,
        default=DEFAULT_MAX_DOCUMENT_CHARS,
        metavar="CHARS",
        help="refuse a file with a longer document (default: %(default)s characters)",
    )
    imp.add_argument("--text-field", help="Label Studio: the task data field that holds the text")
    imp.add_argument(
        "--label-config",
        type=Path,
        help="Label Studio: the labelling config (XML) whose <Text value=$field> names the text",
    )
    imp.add_argument(
        "--dedupe",
        choices=[d.value for d in Dedupe],
        default=Dedupe.EXACT.value,
        help="skip documents equal to stored ones in text and annotations (exact, the "
        "default: a re-import adds nothing), in text alone (text), or never (none)",
    )
    imp.add_argument(
        "--tag-column",
        type=int,
        help="column files: the column of the gold tags, from 1 (-1: the last)",
    )
    imp.add_argument("--layer", help="WebAnno TSV: the span layer (default: NamedEntity)")
    imp.add_argument(
        "--text-only", action="store_true", help="import the texts, leaving annotations behind"
    )
    add_annotator_option(imp)
    imp.set_defaults(run=cmd_import)

    exp = commands.add_parser(
        "export",
        help="export a project's documents and annotations",
        epilog=formats_epilog("export"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("project", help=PROJECT_HELP)
    exp.add_argument("out", type=Path)
    exp.add_argument(
        "--format", required=True, metavar="FORMAT", help="one of the project's task's below"
    )
    exp.add_argument("--split", choices=[s.value for s in Split])
    exp.add_argument(
        "--labeled-only", action="store_true", help="leave out unlabeled and skipped documents"
    )
    exp.set_defaults(run=cmd_export)

    stats = commands.add_parser("stats", help="documents per status and split, label counts")
    stats.add_argument("project", help=PROJECT_HELP)
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(run=cmd_stats)


def main(argv: Sequence[str] | None = None, prog: str = "ptcore") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        return int(args.run(args))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # disk full, permission denied: the environment, not a bug
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except DBAPIError as error:
        where = getattr(args, "project", None) or "project"
        print(f"error: {where}: {db_errors.describe(error)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(prog="python -m ptcore.cli"))
