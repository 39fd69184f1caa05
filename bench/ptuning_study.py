"""What makes P-tuning v2 reach a good model fast: a one-factor-at-a-time sweep.

Each configuration changes one knob of the task's current defaults (``ptcore/engine/settings.py``)
and trains in its own subprocess for the same short schedule (``--epochs``, default one epoch:
the learning rate decays fully, as in a short real run), evaluating every half epoch. Quality is
compared at equal examples seen, not at equal wall time: on a shared 2-core machine the wall
time of a run depends on what else runs (the load is printed). ``--minutes`` is only a safety cap.
Prints best dev, time to it, dev after one epoch, examples/s (wall and per CPU-second).

    python -m bench.ptuning_study [--tasks ner,cls] [--epochs 1] [--minutes 3] [--train-size 1000]

Results: ``bench/out/study/<task>-<config>.json`` and ``table.md``; ``--table-only`` reprints.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.engine_data import TASK_NAMES
from bench.engine_run import ROOT, markdown_table, run_isolated

# (name, overrides of the task defaults); the first entry is the baseline.
SWEEPS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "ner": [
        ("defaults", {}),
        ("prefix 16", {"prefix_len": 16}),
        ("lr 1e-2", {"learning_rate": 1e-2, "head_learning_rate": 1e-2}),
        ("lr 5e-2", {"learning_rate": 5e-2, "head_learning_rate": 5e-2}),
        ("warm-up 0.06", {"warmup_ratio": 0.06}),
        ("random init", {"prefix_init": "random"}),
        ("head lr 3e-3", {"head_learning_rate": 3e-3}),
        ("MLP reparam. (random init)", {"prefix_init": "random", "prefix_projection": True}),
        ("batch 32", {"batch_size": 32}),
    ],
    "cls": [
        ("defaults", {}),
        ("prefix 64", {"prefix_len": 64}),
        ("lr 5e-2", {"learning_rate": 5e-2, "head_learning_rate": 5e-2}),
        ("activations init", {"prefix_init": "activations"}),
        ("warm-up 0.06", {"warmup_ratio": 0.06}),
    ],
}
HEADER = ["task", "config", "best dev", "time to best (s)", "dev @ 1 epoch", "train ex/s"]
HEADER += ["ex/CPU-s", "epochs", "load"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="ner,cls")
    parser.add_argument(
        "--minutes", type=float, default=3.0, help="wall-clock cap per config (a safety net)"
    )
    parser.add_argument("--epochs", type=float, default=1, help="schedule length per config")
    parser.add_argument("--train-size", type=int, default=1000)
    parser.add_argument("--dev-size", type=int, default=0, help="0: the task's usual dev size")
    parser.add_argument("--only", default="", help="comma-separated config names to run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out/study")
    parser.add_argument(
        "--table-only", action="store_true", help="print the table of the results in --out"
    )
    return parser.parse_args()


def specs(args: argparse.Namespace) -> list[dict[str, Any]]:
    chosen = set(filter(None, args.only.split(",")))
    return [
        {
            "name": f"{task}-{name.split(' (')[0].replace(' ', '_')}",
            "label": name,
            "task": task,
            "method": "ptuning",
            "train_size": args.train_size,
            "dev_size": args.dev_size,
            "minutes": args.minutes,
            "overrides": {"epochs": args.epochs} | overrides,
        }
        for task in args.tasks.split(",")
        for name, overrides in SWEEPS[task]
        if not chosen or name in chosen
    ]


def row(result: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    label = [TASK_NAMES[spec["task"]], spec["label"]]
    if "metric" not in result:
        return [*label, result["status"]] + [""] * (len(HEADER) - 3)
    return [
        *label,
        f"{result['metric']:.3f}",
        f"{result['best_seconds']:.0f}",
        at_one_epoch(result),
        f"{result['examples_per_s']:.1f}",
        f"{result.get('examples_per_cpu_s', 0):.1f}",
        f"{result['epochs']:.1f}",
        f"{result['load_before']:.1f}",
    ]


def at_one_epoch(result: dict[str, Any]) -> str:
    """Dev metric after one epoch (evaluations come every half epoch): unlike the best within
    the cap, this does not depend on how much CPU other processes took."""
    evals = result["evals"]
    return f"{evals[1][1]:.3f}" if len(evals) > 1 and result["epochs"] >= 1 else "-"


def stored(spec: dict[str, Any], out: Path) -> dict[str, Any]:
    path = out / f"{spec['name']}.json"
    return json.loads(path.read_text()) if path.exists() else {"status": "not run"}


def main() -> None:
    args = parse_args()
    rows = []
    if args.table_only:
        print(markdown_table([row(stored(s, args.out), s) for s in specs(args)], HEADER))
        return
    for spec in specs(args):
        print(f"[{time.strftime('%H:%M:%S')}] {spec['name']} ...", flush=True)
        rows.append(row(run_isolated(spec, args.out), spec))
        print(markdown_table(rows[-1:], HEADER), flush=True)
    print(markdown_table(rows, HEADER))
    (args.out / "table.md").write_text(markdown_table(rows, HEADER) + "\n")


if __name__ == "__main__":
    main()
