"""Engine commands of the CLI: train, eval and predict.

``train`` draws a plain-text progress bar on stderr and prints each evaluation; Ctrl-C stops
training cleanly after the current step and keeps the best model, like the GUI's Stop button.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ptcore.cli_console import HEADLINES, ConsoleCallbacks, print_predictions, print_run
from ptcore.cli_events import FINISHED, JsonEvents, write_event
from ptcore.cli_help import DEFAULT_PRESET, PROJECT_HELP, preset_help, setting_help
from ptcore.cli_ranks import STOP_SIGNALS, launched_by_torchrun, stopping_on_signals
from ptcore.engine.preflight import (
    check_input_file,
    check_model_folder,
    check_training,
    model_run,
)
from ptcore.engine.settings import DEVICES, PRESETS, default_settings
from ptcore.errors import UserError
from ptcore.records import Task
from ptcore.store.project import Project
from ptcore.store.views import Run, RunStatus

if TYPE_CHECKING:
    from ptcore.engine.distributed import Handoff


def quiet_library() -> None:
    """Our progress bar only: no transformers bars or info logs on the terminal."""
    from transformers.utils import logging

    logging.disable_progress_bar()
    logging.set_verbosity_error()


def cmd_train(args: argparse.Namespace) -> int:
    started = time.monotonic()  # --max-minutes bounds the whole command, loading included
    if launched_by_torchrun():  # one model trained by N processes (cli_ranks.py)
        from ptcore.cli_ranks import train_ranks

        return train_ranks(args, partial(train_here, started=started))
    return train_here(args, started=started)


def train_here(
    args: argparse.Namespace, handoff: Handoff | None = None, started: float = 0.0
) -> int:
    """``train`` in this process (under torchrun: as the lead, handing the data on)."""
    with Project(args.project) as project:
        settings = default_settings(project.task, args.preset, **_overrides(args))
        check_training(project, settings.seed)  # refusals before torch loads
        if not args.force:
            from ptcore.cli_fit import guard_training

            guard_training(project)  # the fit check, before any weights load
        from ptcore.engine.runner import train_project

        quiet_library()
        deadline = started + settings.max_minutes * 60 if settings.max_minutes else 0.0
        output = JsonEvents if args.json_events else ConsoleCallbacks
        console = output(project.task, args.stop_file)
        with stopping_on_signals(console, STOP_SIGNALS if handoff else (signal.SIGINT,)):
            run_id = train_project(project, settings, console, deadline=deadline, handoff=handoff)
        run = project.runs.get(run_id)
        if args.json_events:
            write_event(FINISHED, run_id=run.id, status=run.status)
        else:
            print_run(project, run)
    if run.status == RunStatus.FAILED:
        raise UserError(run.error)
    return 0


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    names = ["epochs", "prefix_len", "batch_size", "device", "max_minutes", "seed", "max_length"]
    names.append("train_biases")
    values = {name: getattr(args, name) for name in names}
    if args.lr is not None:
        values["learning_rate"] = values["head_learning_rate"] = args.lr
    if args.epochs is not None and args.min_steps is None:
        values["min_steps"] = 0  # epochs asked for are meant, even on a small project
    else:
        values["min_steps"] = args.min_steps
    return values


def finished_demo_run(project: Project, run_id: int) -> Run:
    """The demo's run with the predictions a time limit cut short finished: it shows them."""
    from ptcore.engine.runner import predict_pending

    if project.runs.get(run_id).model_dir:
        predict_pending(project, run_id)
    return project.runs.get(run_id)


def cmd_eval(args: argparse.Namespace) -> int:
    with Project(args.project) as project:
        model_run(project, args.run_id)
        from ptcore.engine.runner import evaluate_project

        quiet_library()
        result = evaluate_project(project, args.run_id, args.split)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        task = Task(result["task"])
        scores = "  ".join(f"{k} {result[k]:.4f}" for k in HEADLINES[task])
        print(
            f"Run {result['run']} on {result['split']} ({result['documents']} documents): {scores}"
        )
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    if args.model:
        args.file = args.file or (Path(args.project) if args.project else None)
        if args.file is None:
            raise UserError("predict --model needs a FILE to label.")
        check_model_folder(args.model)
        check_input_file(args.file)
        from ptcore.engine.file_predictions import predict_file

        quiet_library()
        count = predict_file(args.model, args.file, args.out or sys.stdout, args.format)
        print(f"Labeled {count} documents.", file=sys.stderr)
        return 0
    if args.project is None:
        raise UserError("predict needs a PROJECT (file or URL), or --model DIR FILE.")
    which = "all" if args.all else "pending" if args.pending else "unlabeled"
    with Project(args.project) as project:
        model_run(project, args.run_id)
        from ptcore.engine.runner import predict_project

        quiet_library()
        count = predict_project(project, args.run_id, which)
    print(f"Stored predictions for {count} documents.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Build a demo project, train on it with the embedded model, show its held-out score
    and some predictions."""
    from ptcore.demo import DEMO_SETTINGS, demo_project
    from ptcore.engine.runner import evaluate_project, train_project

    quiet_library()
    task = Task(args.task)
    if args.lang == "zh":
        from ptcore.cli_fit import chinese_demo

        return chinese_demo(args)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="ptstudio-demo-"))
    with Project(demo_project(task, folder)) as project:
        stats = project.stats()
        print(
            f"Demo project {project.path}: {stats['documents']} documents, "
            f"{stats['labeled']} labeled. Training for at most {args.minutes:g} minutes..."
        )
        settings = default_settings(task, max_minutes=args.minutes, **DEMO_SETTINGS.get(task, {}))
        run = finished_demo_run(project, train_project(project, settings, ConsoleCallbacks(task)))
        print_run(project, run)
        if run.model_dir:
            test = evaluate_project(project, run.id, "test")
            scores = ", ".join(f"{k} {test[k]:.3f}" for k in HEADLINES[task])
            print(
                f"Held-out test split ({test['documents']} documents, never trained or "
                f"selected on): {scores}."
            )
            print_predictions(project, run.id, args.show)
    print(f"Open it in the app: ptstudio {shlex.quote(str(project.path))}")
    return 0


def add_engine_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``train``, ``eval``, ``predict`` and ``demo``."""
    demo = commands.add_parser(
        "demo", help="build a demo project, train on it headless and show predictions"
    )
    demo.add_argument("--task", choices=[t.value for t in Task], default="ner", help="default: ner")
    demo.add_argument(
        "--dir",
        "--folder",
        dest="dir",
        type=Path,
        help="where the demo project goes (default: a new temporary folder)",
    )
    demo.add_argument("--minutes", type=float, default=2.0, help="time limit (default: 2)")
    demo.add_argument("--show", type=int, default=5, help="documents shown (default: 5)")
    demo.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="zh: the Chinese NER demo (needs --model, a model that reads Chinese)",
    )
    demo.add_argument("--model", type=Path, help="base model folder for the Chinese demo")
    demo.set_defaults(run=cmd_demo)
    train = commands.add_parser("train", help="train a P-tuning v2 model on a project")
    train.add_argument("project", help=PROJECT_HELP)
    train.add_argument("--preset", choices=PRESETS, default=DEFAULT_PRESET, help=preset_help())
    for name, kind in (
        ("epochs", float),
        ("min-steps", int),
        ("prefix-len", int),
        ("batch-size", int),
        ("max-length", int),
        ("max-minutes", float),
        ("seed", int),
    ):
        train.add_argument(f"--{name}", type=kind, help=setting_help(name.replace("-", "_")))
    train.add_argument(
        "--lr",
        type=float,
        help=setting_help("learning_rate", "Learning rate of the prefix and the head."),
    )
    train.add_argument("--device", choices=DEVICES, help=setting_help("device"))
    train.add_argument(
        "--train-biases",
        action=argparse.BooleanOptionalAction,
        help=setting_help("train_biases"),
    )
    train.add_argument(
        "--force", action="store_true", help="train even when the base model cannot read the text"
    )
    train.add_argument(
        "--stop-file",
        type=Path,
        help="stop after the current step once this file exists, keeping the best model",
    )
    train.add_argument(
        "--json-events",
        action="store_true",
        help="progress, evaluations and the end as JSON lines on stdout (for a program)",
    )
    train.set_defaults(run=cmd_train)

    ev = commands.add_parser("eval", help="score a trained model on the dev or test split")
    ev.add_argument("project", help=PROJECT_HELP)
    ev.add_argument(
        "--run", dest="run_id", type=int, help="run id (default: the latest finished run)"
    )
    ev.add_argument("--split", choices=["dev", "test"], default="dev", help="default: %(default)s")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(run=cmd_eval)

    predict = commands.add_parser("predict", help="store predictions, or label a file")
    predict.add_argument("project", nargs="?", help=PROJECT_HELP)
    predict.add_argument("file", type=Path, nargs="?", help="with --model: the file to label")
    predict.add_argument(
        "--run", dest="run_id", type=int, help="run id (default: the latest finished run)"
    )
    which = predict.add_mutually_exclusive_group()
    which.add_argument("--unlabeled", action="store_true", help="unlabeled documents (default)")
    which.add_argument("--all", action="store_true", help="every document")
    which.add_argument(
        "--pending",
        action="store_true",
        help="the documents a time limit left without the run's predictions",
    )
    predict.add_argument("--model", type=Path, help="a saved model folder (no project)")
    predict.add_argument("--out", type=Path, help="output file (default: JSON Lines on stdout)")
    predict.add_argument(
        "--format",
        help="write --out in this ptcore.io format instead (QA: squad-predictions for the "
        "official SQuAD scripts)",
    )
    predict.set_defaults(run=cmd_predict)
