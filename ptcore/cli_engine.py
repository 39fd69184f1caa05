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
from pathlib import Path
from types import FrameType
from typing import Any

from ptcore.cli_help import DEFAULT_PRESET, preset_help, setting_help
from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.preflight import (
    check_input_file,
    check_model_folder,
    check_training,
    model_run,
)
from ptcore.engine.settings import DEVICES, PRESETS, default_settings
from ptcore.engine.tasks.registry import spec_for
from ptcore.errors import UserError
from ptcore.records import Status, Task
from ptcore.store.documents import DocumentFilter
from ptcore.store.project import Project
from ptcore.store.views import Run, RunStatus

BAR_WIDTH = 30
HEADLINES = {
    Task.CLASSIFICATION: ("accuracy", "macro_f1"),
    Task.MULTILABEL: ("accuracy", "macro_f1"),
    Task.NER: ("precision", "recall", "f1"),
    Task.QA: ("exact_match", "f1"),
}


class ConsoleCallbacks(TrainingCallbacks):
    """Progress bar and evaluations on stderr; the first Ctrl-C asks training to stop."""

    def __init__(self, task: Task) -> None:
        self.task, self.stop_requested = task, False

    def on_progress(self, info: ProgressInfo) -> None:
        done = int(BAR_WIDTH * info.step / max(info.total_steps, 1))
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        line = (
            f"\r[{bar}] step {info.step}/{info.total_steps} epoch {info.epoch:.2f} "
            f"loss {info.loss:.4f} {info.examples_per_s:.1f} ex/s eta {info.eta_s:.0f}s"
        )
        print(line, end="", file=sys.stderr, flush=True)

    def on_eval(self, info: EvalInfo) -> None:
        scores = (
            " ".join(
                f"{k} {info.metrics[k]:.4f}" for k in HEADLINES[self.task] if k in info.metrics
            )
            or "no dev split"
        )
        best = " (best, saved)" if info.metrics and info.is_best else " (saved)"
        print(f"\neval step {info.step} epoch {info.epoch:.2f}: {scores}{best}", file=sys.stderr)

    def on_message(self, message: str) -> None:
        print(f"\n{message}", file=sys.stderr)

    def should_stop(self) -> bool:
        return self.stop_requested

    def interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        """First Ctrl-C: stop after this step; a second one aborts at once."""
        if self.stop_requested:
            raise KeyboardInterrupt
        self.stop_requested = True
        print("\nStopping after this step (Ctrl-C again to abort)...", file=sys.stderr)


def quiet_library() -> None:
    """Our progress bar only: no transformers bars or info logs on the terminal."""
    from transformers.utils import logging

    logging.disable_progress_bar()
    logging.set_verbosity_error()


def cmd_train(args: argparse.Namespace) -> int:
    started = time.monotonic()  # --max-minutes bounds the whole command, loading included
    with Project(args.project) as project:
        settings = default_settings(project.task, args.preset, **_overrides(args))
        check_training(project, settings.seed)  # refusals before torch loads
        if not args.force:
            from ptcore.cli_fit import guard_training

            guard_training(project)  # the fit check, before any weights load
        from ptcore.engine.runner import train_project

        quiet_library()
        deadline = started + settings.max_minutes * 60 if settings.max_minutes else 0.0
        console = ConsoleCallbacks(project.task)
        previous = signal.signal(signal.SIGINT, console.interrupt)
        try:
            run_id = train_project(project, settings, console, deadline=deadline)
        finally:
            signal.signal(signal.SIGINT, previous)
        run = project.runs.get(run_id)
        _print_run(project, run)
    if run.status == RunStatus.FAILED:
        raise UserError(run.error)
    return 0


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    names = ("epochs", "prefix_len", "batch_size", "device", "max_minutes", "seed", "max_length")
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


def _print_run(project: Project, run: Run) -> None:
    run_id, status, metrics, task = run.id, run.status, run.metrics, project.task
    device = run.device
    trainable = metrics.get("trainable", {})
    scores = ", ".join(f"{k} {metrics[k]:.4f}" for k in HEADLINES[task] if k in metrics)
    print(f"Run {run_id} {ending(status, metrics)} on {device}: {scores or 'no dev score'}.")
    if trainable:
        print(
            f"Trainable parameters: {trainable['trainable']:,} of {trainable['total']:,} "
            f"({100 * trainable['fraction']:.2f}%)."
        )
    if run.model_dir:
        kept = metrics.get("kept", {}).get("why", "the best model")
        print(f"Kept {kept}; saved in {project.model_folder(run)}.")
    pending = metrics.get("pending_predictions", [])
    if pending:
        print(
            f"{len(pending)} documents still lack its predictions: "
            f"python -m ptcore predict {shlex.quote(str(project.path))} --run {run_id} "
            "--pending adds them."
        )


ENDINGS = {
    "time_limit": "stopped at the time limit",
    "patience": "stopped early (patience)",
    "cancelled": "cancelled",
    "diverged": "failed (diverged)",
}


def ending(status: str, metrics: dict[str, Any]) -> str:
    """What ended a run, in words: finished, stopped at the time limit, cancelled, failed."""
    return ENDINGS.get(metrics.get("ended", ""), status)


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
        args.file = args.file or args.project
        if args.file is None:
            raise UserError("predict --model needs a FILE to label.")
        check_model_folder(args.model)
        check_input_file(args.file)
        from ptcore.engine.runner import predict_file

        quiet_library()
        count = predict_file(args.model, args.file, args.out or sys.stdout, args.format)
        print(f"Labeled {count} documents.", file=sys.stderr)
        return 0
    if args.project is None:
        raise UserError("predict needs a PROJECT.db, or --model DIR FILE.")
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
    from ptcore.demo import demo_project
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
        settings = default_settings(task, max_minutes=args.minutes)
        run = finished_demo_run(project, train_project(project, settings, ConsoleCallbacks(task)))
        _print_run(project, run)
        if run.model_dir:
            test = evaluate_project(project, run.id, "test")
            scores = ", ".join(f"{k} {test[k]:.3f}" for k in HEADLINES[task])
            print(
                f"Held-out test split ({test['documents']} documents, never trained or "
                f"selected on): {scores}."
            )
            _print_predictions(project, run.id, args.show)
    print(f"Open it in the app: python main.py {shlex.quote(str(project.path))}")
    return 0


def _print_predictions(project: Project, run_id: int, count: int) -> None:
    """Some unlabeled documents with the model's predictions (QA: each question's answer)."""
    unlabeled = project.documents.ids(DocumentFilter(status=Status.UNLABELED))[:count]
    predictions = project.runs.predictions(run_id, unlabeled)
    spec = spec_for(project.task)
    for document_id in unlabeled:
        document = project.documents.get(document_id)
        questions = {q.id: q.text for q in document.questions}
        print(f"- {document.text[:70]!r}")
        for prediction in (p for p in predictions if p.document_id == document_id):
            asked = questions.get(prediction.question_id or -1)
            what = f"{asked!r} -> " if asked else "-> "
            print(
                f"    {what}{spec.line(prediction.payload, document.text)} "
                f"(confidence {prediction.confidence:.2f})"
            )


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
    train.add_argument("project", type=Path)
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
        "--force", action="store_true", help="train even when the base model cannot read the text"
    )
    train.set_defaults(run=cmd_train)

    ev = commands.add_parser("eval", help="score a trained model on the dev or test split")
    ev.add_argument("project", type=Path)
    ev.add_argument(
        "--run", dest="run_id", type=int, help="run id (default: the latest finished run)"
    )
    ev.add_argument("--split", choices=["dev", "test"], default="dev", help="default: %(default)s")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(run=cmd_eval)

    predict = commands.add_parser("predict", help="store predictions, or label a file")
    predict.add_argument("project", type=Path, nargs="?", help="PROJECT.db")
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
