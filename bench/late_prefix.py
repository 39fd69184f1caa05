"""Late prefix with cached lower layers against today's all-layer prefix, in one run.

For each task and seed both methods train on the same data, one after the other, in this
process on one thread (``bench/engine_run.py``'s ``child``), for the same epochs with an
evaluation after each, with the task's default settings; the late prefix differs only in
``prefix_layers`` (the top K layers; the frozen layers below are computed once per text and
cached). Prints one row per task and method:

- training examples/s (evaluation time excluded; QA: windows/s), mean over seeds;
- time to a useful model: wall seconds from the start of training (evaluations included) to
  the first evaluation reaching 95 % of the all-layer prefix's final dev metric of the same
  seed (a common bar for both methods), mean over the seeds that reached it;
- the final dev metric (best evaluation), per seed and mean.

    python -m bench.late_prefix [--tasks ner,cls,cls-zh,qa] [--seeds 0,1,2] [--layers 3]
                                [--quick]

Sizes and epochs per task are in ``SIZES`` (small, so the whole bench fits in ~40 minutes on
a shared CPU); the load average before each run is recorded next to the numbers.
Results: ``bench/out/late_prefix/<run>.json``, ``.log`` and ``table.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import torch

from bench import engine_run
from bench.engine_data import TASK_NAMES
from bench.engine_run import ROOT, markdown_table

# task: training examples (QA: questions), dev examples, epochs, extra settings. Small: eight
# engineers share two cores, so each run gets a fraction of one.
SIZES: dict[str, tuple[int, int, float, dict[str, Any]]] = {
    "ner": (100, 60, 4, {}),
    "cls": (100, 60, 4, {}),
    "cls-zh": (60, 40, 3, {"max_length": 256}),  # long reviews: 256 tokens, not 128
    "qa": (48, 32, 3, {}),
}
QUICK = {"ner": (16, 8, 1, {}), "cls": (16, 8, 1, {}), "cls-zh": (8, 8, 1, {})}
QUICK["qa"] = (8, 4, 1, {})
SAFETY_MINUTES = 6.0  # a cap per run that only a stalled machine reaches
BAR = 0.95
HEADER = [
    "task (train/dev, epochs)",
    "prefix",
    "train ex/s",
    f"time to {BAR:.0%} of all-layer final (s)",
    "final dev metric (seeds)",
    "mean",
    "load avg",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default=",".join(SIZES), help="comma-separated task keys")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated seeds")
    parser.add_argument("--layers", type=int, default=3, help="K: the late prefix's layers")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "late_prefix")
    return parser.parse_args()


def specs(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Per task and seed: all-layer first, then late prefix."""
    sizes = QUICK if args.quick else SIZES
    found = []
    for task in args.tasks.split(","):
        train, dev, epochs, extra = sizes[task]
        for seed in (int(s) for s in args.seeds.split(",")):
            for layers in ("all", args.layers):
                found.append(
                    {
                        "name": f"{task}-{layers}-s{seed}",
                        "task": task,
                        "method": "ptuning",
                        "minutes": SAFETY_MINUTES,
                        "train_size": train,
                        "dev_size": dev,
                        "evals_per_epoch": 1,
                        "overrides": {
                            **extra,
                            "epochs": epochs,
                            "seed": seed,
                            "prefix_layers": layers,
                        },
                    }
                )
    return found


def time_to(evals: list[list[float]], bar: float) -> float | None:
    """Wall seconds at the first evaluation scoring at least ``bar`` (None: never)."""
    return next((wall for wall, _, score in evals if score >= bar), None)


def rows(results: list[dict[str, Any]], sizes: dict[str, Any]) -> list[list[str]]:
    """One row per task and prefix depth, from the results of ``specs``."""
    by_name = {r["name"]: r for r in results}
    table = []
    for task in dict.fromkeys(r["task"] for r in results):
        seeds = sorted({r["seed"] for r in results if r["task"] == task})
        depths = list(dict.fromkeys(r["layers"] for r in results if r["task"] == task))
        for layers in depths:
            runs = [by_name.get(f"{task}-{layers}-s{s}", {}) for s in seeds]
            bars = [BAR * by_name.get(f"{task}-all-s{s}", {}).get("metric", 0.0) for s in seeds]
            table.append(row(task, layers, runs, bars, sizes[task]))
    return table


def row(
    task: str, layers: Any, runs: list[dict[str, Any]], bars: list[float], size: tuple[Any, ...]
) -> list[str]:
    ok = [r for r in runs if r.get("status") in ("finished", "cancelled")]
    speed = statistics.mean(r["examples_per_s"] for r in ok) if ok else 0.0
    times = [time_to(r.get("evals", []), bar) for r, bar in zip(runs, bars, strict=True)]
    reached = [t for t in times if t is not None]
    useful = (
        f"{statistics.mean(reached):.0f} ({len(reached)}/{len(runs)} reached)"
        if reached
        else "never"
    )
    metrics = [r.get("metric", 0.0) for r in runs]
    loads = [r.get("load_before", 0.0) for r in runs]
    return [
        f"{TASK_NAMES[task]} ({size[0]}/{size[1]}, {size[2]:g} epochs)",
        "all layers" if layers == "all" else f"top {layers} (cached)",
        f"{speed:.1f}",
        useful,
        " / ".join(f"{m:.3f}" for m in metrics),
        f"{statistics.mean(metrics):.3f}" if metrics else "",
        f"{min(loads):.1f}-{max(loads):.1f}" if loads else "",
    ]


def run_here(spec: dict[str, Any], out: Path) -> dict[str, Any]:
    """One run in this process (a subprocess each costs a minute of imports on a loaded
    machine), on one thread, with the load average before it."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{spec['name']}.json"
    load_before, started = os.getloadavg()[0], time.monotonic()
    try:
        engine_run.child(spec, path)
    except Exception as error:  # one failed run must not lose the others
        return {"name": spec["name"], "status": f"crashed: {error!r:.200}"}
    result = json.loads(path.read_text())
    result |= {"name": spec["name"], "load_before": round(load_before, 2)}
    result["process_seconds"] = round(time.monotonic() - started, 1)
    return dict(result)


def main() -> None:
    args = parse_args()
    torch.set_num_threads(1)
    results = []
    started = time.strftime("%Y-%m-%d %H:%M")
    for spec in specs(args):
        print(f"[{time.strftime('%H:%M:%S')}] {spec['name']} ...", flush=True)
        result = run_here(spec, args.out)
        result |= {
            "task": spec["task"],
            "seed": spec["overrides"]["seed"],
            "layers": spec["overrides"]["prefix_layers"],
        }
        results.append(result)
        print(json.dumps({k: result.get(k) for k in ("status", "metric", "examples_per_s")}))
        (args.out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    table = markdown_table(rows(results, QUICK if args.quick else SIZES), HEADER)
    print(f"\nStarted {started}; {os.cpu_count()} CPUs\n\n{table}")
    (args.out / "table.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
