"""Per-task defaults chosen so they generalise: candidates selected on a carved dev split,
reported on an unseen split nobody tuned on, beside full fine-tuning of the same backbone.

For each task (``bench/heldout.py`` says where pool, carved dev and unseen rows come from) every
candidate P-tuning setting and full fine-tuning train on the same data, in one invocation, one
subprocess per run, for each seed. The candidate with the best *mean carved-dev* metric is the
selected one; only then is its unseen metric read. Nothing here selects on the unseen split.

    python -m bench.defaults_unseen [--tasks ner,cls,cls-zh] [--seeds 0,1,2] [--epochs E]
                                    [--full-epochs F] [--minutes 0] [--pool 500] [--unseen 400]
                                    [--jobs 1] [--table-only]

The budget is epochs (the task's, or ``--epochs`` for the P-tuning candidates and
``--full-epochs`` for full fine-tuning, whose recipe is 3), with no time limit unless
``--minutes`` sets one, so a metric means the same under any CPU load.

Runs are resumable: each result is ``bench/out/defaults_unseen/<run>.json`` and is not re-run.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from typing import Any

from bench.heldout import NAMES, ROOT, run_all

OUT = ROOT / "bench" / "out" / "defaults_unseen"
# Candidates per task: overrides of the task's defaults; "bitfit" also trains the backbone's
# bias and LayerNorm terms (bench-only; the engine has no such setting yet).
CANDIDATES: dict[str, dict[str, dict[str, Any]]] = {
    "ner": {
        "default": {},
        "prefix 64": {"overrides": {"prefix_len": 64}},
        "bitfit": {"bitfit": True},
        "mlp": {
            "overrides": {"prefix_projection": True, "prefix_init": "random", "learning_rate": 1e-2}
        },
    },
    "cls": {
        "default": {},
        "bitfit": {"bitfit": True},
        "prefix 64": {"overrides": {"prefix_len": 64}},
    },
    "cls-zh": {
        "default": {},
        "bitfit": {"bitfit": True},
        "prefix 64": {"overrides": {"prefix_len": 64}},
    },
}
FULL = "full fine-tuning"
# What each candidate trains ("default" is the task's defaults without train_biases: what
# every task trained before it, see heldout.child).
LABELS = {
    "default": "prefix + head",
    "bitfit": "prefix + head + bias terms (`train_biases`)",
    "prefix 64": "prefix 64 + head",
    "mlp": "prefix through the MLP + head",
}
ALL_CANDIDATES = {name for task in CANDIDATES.values() for name in task}


def specs(tasks: list[str], seeds: list[int], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Seed-major order, so an interrupted bench still has every method of the first seeds."""
    found = []
    for seed in seeds:
        for task in tasks:
            pool = args.pool if task != "cls-zh" else args.pool * 4 // 5
            chosen = {n: c for n, c in CANDIDATES[task].items() if n in args.candidates.split(",")}
            methods = {**chosen, FULL: {"method": "full"}}
            for name, extra in methods.items():
                spec = {"task": task, "method": "ptuning", "pool": pool, "unseen": args.unseen}
                spec |= {"minutes": args.minutes, "candidate": name, **extra}
                epochs = args.full_epochs if extra.get("method") == "full" else args.epochs
                spec["overrides"] = {"seed": seed, **extra.get("overrides", {})}
                if epochs:
                    spec["overrides"]["epochs"] = epochs
                tag = f"-e{epochs:g}" if epochs else ""
                spec["name"] = f"{task}-{name.replace(' ', '_')}-s{seed}{tag}"
                found.append(spec)
    return found


def mean_sd(values: list[float]) -> str:
    if not values:
        return "–"
    spread = f" ± {statistics.stdev(values):.3f}" if len(values) > 1 else ""
    return f"{statistics.mean(values):.3f}{spread}"


def cpu_to_best(runs: list[dict[str, Any]]) -> str:
    """Mean CPU seconds to the kept model: with one thread per run, the time a quiet core takes,
    whatever else the machine was doing."""
    found = [r["best_cpu_seconds"] for r in runs if "best_cpu_seconds" in r]
    return f"{statistics.mean(found):.0f}" if found else "–"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| task | method | seeds | epochs | carved-dev metric | unseen metric | time to best (s) | "
        "CPU s to best | trainable (MB) | selected on dev | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    done = [r for r in results if "dev_metric" in r]
    for task in NAMES:
        rows = [r for r in done if r["spec"]["task"] == task]
        if not rows:
            continue
        names = list(dict.fromkeys(r["spec"]["candidate"] for r in rows))
        by_name = {n: [r for r in rows if r["spec"]["candidate"] == n] for n in names}
        ptuning = [n for n in names if by_name[n][0]["spec"]["method"] != "full"]
        chosen = max(ptuning, key=lambda n: statistics.mean(r["dev_metric"] for r in by_name[n]))
        for name in names:
            runs = by_name[name]
            label = FULL if runs[0]["spec"]["method"] == "full" else f"P-tuning v2: {LABELS[name]}"
            loads = [r.get("load_before", 0.0) for r in runs]
            lines.append(
                f"| {NAMES[task]} | {label} | {len(runs)} | "
                f"{runs[0]['spec']['overrides'].get('epochs', 'the task’s')} | "
                f"{mean_sd([r['dev_metric'] for r in runs])} | "
                f"{mean_sd([r['unseen_metric'] for r in runs])} | "
                f"{statistics.mean(r['best_seconds'] for r in runs):.0f} | "
                f"{cpu_to_best(runs)} | "
                f"{runs[0]['adapter_mb']:.2f} | {'**yes**' if name == chosen else ''} | "
                f"{min(loads):.1f}–{max(loads):.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="ner,cls,cls-zh")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--minutes", type=float, default=0.0, help="wall-clock cap (0: none)")
    parser.add_argument("--epochs", type=float, help="P-tuning epochs (default: the task's)")
    parser.add_argument("--full-epochs", type=float, help="full fine-tuning epochs (default: 3)")
    parser.add_argument("--pool", type=int, default=300, help="labelled pool (ChnSentiCorp 4/5)")
    parser.add_argument("--unseen", type=int, default=300)
    parser.add_argument(
        "--candidates",
        default="default,bitfit",
        help="P-tuning candidates to run (of: " + ", ".join(sorted(ALL_CANDIDATES)) + ")",
    )
    parser.add_argument("--table-only", action="store_true")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (one thread each)")
    parser.add_argument("--out", type=Path, default=OUT, help="results folder")
    args = parser.parse_args()
    tasks, seeds = args.tasks.split(","), [int(s) for s in args.seeds.split(",")]
    wanted = specs(tasks, seeds, args)
    if args.table_only:
        wanted = [spec for spec in wanted if (args.out / f"{spec['name']}.json").exists()]
    results = run_all(wanted, args.out, args.jobs)
    print(table(results))


if __name__ == "__main__":
    main()
