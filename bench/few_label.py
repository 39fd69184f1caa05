"""The few-label regime: 50, 100 and 300 labelled documents on SST-2 and CoNLL-2003.

Each run trains the engine with the task's default settings as a user gets them (``min_steps``
included) on the first N labelled training
documents, the dev split carved from them by the engine's own rule (``carve_dev``: seeded,
stratified, max(20 %, 10)); it reports the dev metric of the model the engine kept, the time to
it, which rule kept it (``metrics.kept`` of the run), and that model's metric on unseen rows
from far down the same training file (``bench/heldout.py``).

    python -m bench.few_label [--sizes 50,100,300] [--tasks cls,ner] [--seeds 0] [--epochs E]
                              [--min-steps N] [--minutes 0] [--jobs 1] [--table-only]

The budget is the schedule, not the clock: the task's epochs and ``min_steps`` (or ``--epochs``,
``--min-steps``) with no time limit, so a metric means the same under any CPU load;
``--minutes`` adds a wall-clock cap as a user's ``--max-minutes`` would.

Resumable: results are ``bench/out/few_label/<run>.json``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bench.heldout import NAMES, ROOT, run_all

OUT = ROOT / "bench" / "out" / "few_label"


def row(result: dict[str, Any]) -> str:
    spec, kept = result["spec"], result.get("kept", {})
    rule = f"{kept.get('rule', '?')}: {kept.get('why', '')}"
    return (
        f"| {NAMES[spec['task']]} | {spec['pool']} | {result['train']} / {result['dev']} | "
        f"{spec['overrides']['seed']} | {result['dev_metric']:.3f} | "
        f"{result['unseen_metric']:.3f} | {result['best_seconds']:.0f} | "
        f"{result.get('best_cpu_seconds', '–')} | "
        f"{result['train_seconds']:.0f} | {kept.get('last_step', '?')} ({schedule(spec)}) | "
        f"{rule} | {result.get('ended', '')} | "
        f"{result.get('load_before', 0.0):.1f} |"
    )


def schedule(spec: dict[str, Any]) -> str:
    """The run's budget: the task's defaults, or the epochs and min_steps it was given."""
    given = spec["overrides"]
    parts = [f"{given['epochs']:g} epochs" if "epochs" in given else "task's epochs"]
    parts.append(f"min {given['min_steps']} steps" if "min_steps" in given else "task's min_steps")
    return ", ".join(parts)


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| task | labelled | train / dev | seed | dev metric (kept) | unseen metric | "
        "time to kept (s) | CPU s to kept | trained (s) | steps (budget) | kept by | ended | "
        "load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [row(r) for r in results if "dev_metric" in r]
    return "\n".join(lines)


def budget(args: argparse.Namespace) -> dict[str, Any]:
    """The schedule's overrides given on the command line."""
    found = {"epochs": args.epochs, "min_steps": args.min_steps}
    return {name: value for name, value in found.items() if value is not None}


def budget_tag(args: argparse.Namespace) -> str:
    """Part of a run's name, so runs with other budgets are not taken for these."""
    tag = f"-e{args.epochs:g}" if args.epochs is not None else ""
    tag += f"-m{args.min_steps}" if args.min_steps is not None else ""
    return tag + (f"-t{args.minutes:g}" if args.minutes else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,300")
    parser.add_argument("--tasks", default="cls,ner")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--minutes", type=float, default=0.0, help="wall-clock cap (0: none)")
    parser.add_argument("--epochs", type=float, help="epochs (default: the task's)")
    parser.add_argument("--min-steps", type=int, help="min_steps (default: the task's)")
    parser.add_argument("--unseen", type=int, default=300)
    parser.add_argument("--out", type=Path, default=OUT, help="results folder")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (one thread each)")
    parser.add_argument("--table-only", action="store_true", help="print the finished runs")
    args = parser.parse_args()
    wanted = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        for task in args.tasks.split(","):
            for size in [int(s) for s in args.sizes.split(",")]:
                spec = {"task": task, "method": "ptuning", "pool": size, "unseen": args.unseen}
                spec |= {
                    "minutes": args.minutes,
                    "overrides": {"seed": seed, **budget(args)},
                    "engine_defaults": True,
                }
                spec["name"] = f"{task}-{size}-s{seed}{budget_tag(args)}"
                wanted.append(spec)
    if args.table_only:
        wanted = [spec for spec in wanted if (args.out / f"{spec['name']}.json").exists()]
    results = run_all(wanted, args.out, args.jobs)
    print(table(results))


if __name__ == "__main__":
    main()
