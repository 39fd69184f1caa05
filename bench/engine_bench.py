"""P-tuning v2 against full fine-tuning of the same backbone, on real data, in one run.

For each task both methods train on the same data with the same pipeline (``bench/full_finetune.py``
says what differs), each in its own subprocess, each under the same wall-clock cap. Prints a
table: dev metric (best evaluation), wall time to reach it, training examples/s (evaluation
time excluded; for QA: windows/s), peak memory, trainable parameters and checkpoint size.

    python -m bench.engine_bench [--tasks ner,cls,cls-zh,qa,qa-zh] [--minutes 4]
                                 [--train-size 1000] [--qa-epochs 0] [--budgets 30,60] [--quick]

The "@ N s" columns compare the methods at equal time budgets: the best dev score each had
reached after N seconds of training, evaluation time excluded, then (after the slash) N seconds
of wall-clock time, evaluations included. The first is the fair one: how often to evaluate is
the bench's choice (twice an epoch for both), so a method running more, shorter epochs pays
for more evaluations on the wall clock.

Runs on CUDA unchanged (device auto; bf16 autocast from the trainer's settings; peak memory is
then ``torch.cuda.max_memory_allocated``). Results: ``bench/out/engine/<run>.json`` and ``.log``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from bench.engine_data import LOADERS, TASK_NAMES
from bench.engine_run import ROOT, markdown_table, peak_memory_mb, run_isolated

METHODS = ("ptuning", "full")
METHOD_NAMES = {"ptuning": "P-tuning v2", "full": "full fine-tuning"}
HEADER = ["task", "method", "dev metric", "time to best (s)", "train ex/s", "ex/CPU-s"]
HEADER += ["peak mem (MB)"]
HEADER += ["trainable params", "checkpoint", "epochs", "load"]
DEFAULT_BUDGETS = "30,60"
METRIC_NAMES = {"ner": "F1", "cls": "acc", "cls-zh": "acc", "qa": "F1", "qa-zh": "F1"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default=",".join(LOADERS), help="comma-separated task keys")
    parser.add_argument("--minutes", type=float, default=4.0, help="wall-clock cap per run")
    parser.add_argument("--train-size", type=int, default=1000, help="training examples/questions")
    parser.add_argument("--dev-size", type=int, default=0, help="dev size (0: per-task default)")
    parser.add_argument(
        "--qa-epochs",
        type=float,
        default=0,
        help="schedule length of QA runs, both methods (0: method defaults); on a CPU a few "
        "minutes are about one QA epoch, and a 1-epoch schedule lets the learning rate decay",
    )
    parser.add_argument(
        "--budgets",
        default=DEFAULT_BUDGETS,
        help="comma-separated seconds: best dev score reached by then, per method",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out/engine")
    return parser.parse_args()


def specs(args: argparse.Namespace) -> list[dict[str, Any]]:
    """One run per task and method, P-tuning first."""
    train, dev, minutes = args.train_size, args.dev_size, args.minutes
    if args.quick:
        train, dev, minutes = 48, 24, min(minutes, 0.25)
    return [
        {
            "name": f"{task}-{method}",
            "task": task,
            "method": method,
            "train_size": train,
            "dev_size": dev,
            "minutes": minutes,
            "overrides": {"epochs": args.qa_epochs} if args.qa_epochs and "qa" in task else {},
        }
        for task in args.tasks.split(",")
        for method in METHODS
    ]


def header(budgets: list[float]) -> list[str]:
    return HEADER[:3] + [f"@ {budget:g} s (train / wall)" for budget in budgets] + HEADER[3:]


def best_by(evals: list[list[float]], seconds: float) -> str:
    """The best dev score within ``seconds`` of training, then within ``seconds`` of wall time."""
    by_training = [score for _, training, score in evals if training <= seconds]
    by_wall = [score for wall, _, score in evals if wall <= seconds]
    return f"{_best(by_training)} / {_best(by_wall)}"


def _best(scores: list[float]) -> str:
    return f"{max(scores):.3f}" if scores else "–"


def row(result: dict[str, Any], spec: dict[str, Any], budgets: list[float]) -> list[str]:
    task = spec["task"]
    label = [TASK_NAMES[task], METHOD_NAMES[spec["method"]]]
    if "metric" not in result:
        return label + [result["status"]] + [""] * (len(header(budgets)) - 3)
    return [
        *label,
        f"{METRIC_NAMES[task]} {result['metric']:.3f}",
        *(best_by(result["evals"], budget) for budget in budgets),
        f"{result['best_seconds']:.0f}",
        f"{result['examples_per_s']:.1f}",
        f"{result.get('examples_per_cpu_s', 0):.1f}",
        f"{peak_memory_mb(result):.0f}",
        f"{result['trainable']:,}",
        human_size(result["checkpoint_bytes"]),
        f"{result['epochs']:.1f}",
        f"{result['load_before']:.1f}",
    ]


def human_size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


def main() -> None:
    args = parse_args()
    budgets = [float(b) for b in args.budgets.split(",") if b]
    columns = header(budgets)
    rows = []
    started = time.strftime("%Y-%m-%d %H:%M")
    for spec in specs(args):
        print(f"[{time.strftime('%H:%M:%S')}] {spec['name']} ...", flush=True)
        result = run_isolated(spec, args.out)
        rows.append(row(result, spec, budgets))
        print(markdown_table(rows[-1:], columns), flush=True)
    print(f"\nStarted {started}; {os.cpu_count()} CPUs; cap {specs(args)[0]['minutes']} min/run\n")
    print(markdown_table(rows, columns))
    (args.out / "table.md").write_text(markdown_table(rows, columns) + "\n")
    (args.out / "specs.json").write_text(json.dumps(specs(args), indent=1))


if __name__ == "__main__":
    main()
