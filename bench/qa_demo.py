"""The QA demo's data under an epoch budget: dev F1 after each epoch and held-out test F1 of the
kept model, for the QA defaults and variants of them, so a change to the demo or the defaults
is measured by epochs (the same under any CPU load), not by a wall-clock limit.

    python -m bench.qa_demo [--epochs 4] [--variants default,...] [--threads 1]

One subprocess per variant (``bench/heldout.py``'s ``Keeper`` keeps the best model); results
are printed as a table and written to ``bench/out/qa_demo/<variant>.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from bench.heldout import ROOT, Keeper, Timer
from ptcore.demo import DEMO_DATA, DEMOS
from ptcore.engine.examples import TrainingData, head_labels
from ptcore.engine.settings import default_settings
from ptcore.engine.trainer import train_model
from ptcore.io.registry import read_records
from ptcore.records import Split, Task

OUT = ROOT / "bench" / "out" / "qa_demo"
SHORT_PASSAGES = "p16 mix b8 3e-2"
# "before": the QA defaults spelt out, what the QA demo trained with before (prefix 64 at 2e-2,
# batch 16, last layer);
# "default": the task's defaults (ptcore/engine/settings.py); SHORT_PASSAGES: the QA demo's
# settings (ptcore/demo.py DEMO_SETTINGS).
VARIANTS: dict[str, dict[str, Any]] = {
    "before": {
        "prefix_len": 64,
        "batch_size": 16,
        "learning_rate": 2e-2,
        "head_learning_rate": 2e-2,
        "layer_mix": False,
    },
    "default": {},
    SHORT_PASSAGES: {
        "prefix_len": 16,
        "layer_mix": True,
        "batch_size": 8,
        "learning_rate": 3e-2,
        "head_learning_rate": 3e-2,
    },
}


def demo_data() -> tuple[TrainingData, list[Any]]:
    """The QA demo's train and dev splits, and its held-out test records."""
    file_name, format_name, _ = DEMOS[Task.QA]
    records = list(read_records(Path(str(DEMO_DATA / file_name)), Task.QA, format_name))
    records = [dataclasses.replace(r, line=i + 1) for i, r in enumerate(records)]
    by_split = {s: [r for r in records if r.split is s] for s in Split}
    data = TrainingData(
        Task.QA, by_split[Split.TRAIN], by_split[Split.DEV], [], head_labels(Task.QA, [])
    )
    return data, by_split[Split.TEST]


def child(name: str, epochs: float, result_path: Path) -> None:
    torch.set_num_threads(int(os.environ.get("PTS_BENCH_THREADS", "1")))
    data, test = demo_data()
    changes = {"epochs": epochs, "min_steps": 0, "max_minutes": 0.0, **VARIANTS[name]}
    settings = default_settings(Task.QA, **changes)
    keeper = Keeper()
    recorder = Timer(keeper)
    recorder.task = Task.QA
    with tempfile.TemporaryDirectory(prefix="ptqa-") as scratch:
        result = train_model(data, settings, Path(scratch) / "model", callbacks=recorder)
    last = recorder.last
    out = {
        "variant": name,
        "settings": VARIANTS[name],
        "epochs": epochs,
        "steps": last.step if last else 0,
        "train_seconds": round(last.elapsed_s, 1) if last else 0.0,
        "steps_per_s": round(last.step / max(1e-9, last.elapsed_s), 3) if last else 0.0,
        # CPU seconds of training and evaluation: under load, wall time / CPU time is the
        # share of a core this process got, and steps / CPU second its speed on a quiet core.
        "cpu_seconds": round(recorder.last_cpu - recorder.cpu_start, 1),
        "evals": recorder.evals,
        "kept": result.metrics.get("kept", {}),
        "test_f1": keeper.unseen_metric(data, test) if keeper.model else 0.0,
        "train": len(data.train),
        "dev": len(data.dev),
        "test": len(test),
    }
    result_path.write_text(json.dumps(out, indent=1, default=str))


def squad_check(args: argparse.Namespace) -> None:
    """The same variants on a SQuAD subset (``bench/engine_data.py``), same epochs: a change
    to the QA defaults must not lose there what it gains on the demo."""
    from bench.engine_run import run_isolated

    print("| variant | SQuAD train / dev questions | epochs | dev F1 per epoch | ex/CPU-s | load |")
    print("|---|---|---|---|---|---|")
    for name in args.variants.split(","):
        spec = {"task": "qa", "method": "ptuning", "minutes": 0, "evals_per_epoch": 1}
        spec |= {"train_size": args.squad, "dev_size": args.squad // 2}
        spec |= {"overrides": {"epochs": args.epochs, **VARIANTS[name]}}
        spec["name"] = f"squad{args.squad}-{name.replace(' ', '_')}-e{args.epochs:g}"
        found = run_isolated(spec, args.out)
        evals = " / ".join(f"{score:.3f}" for _, _, score in found.get("evals", []))
        print(
            f"| {name} | {found.get('train_questions')} / {found.get('dev_questions')} | "
            f"{args.epochs:g} | {evals} | {found.get('examples_per_cpu_s', 0.0):.1f} | "
            f"{found.get('load_before', 0.0):.1f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=float, default=4)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--squad", type=int, help="instead: N SQuAD contexts, N/2 for dev")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.squad:
        squad_check(args)
        return
    print(
        "| variant | epochs | steps/s (wall) | steps per CPU s | dev F1 per epoch (wall s) | "
        "test F1 (kept) | load |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in args.variants.split(","):
        path = args.out / f"{name.replace(' ', '_')}-e{args.epochs:g}.json"
        load = os.getloadavg()[0]
        started = time.monotonic()
        command = [sys.executable, "-m", "bench.qa_demo", "--child", name, str(args.epochs)]
        subprocess.run([*command, str(path)], cwd=ROOT, check=True)
        found = json.loads(path.read_text())
        evals = " / ".join(f"{score:.3f} ({wall:.0f})" for wall, _, score in found["evals"])
        print(
            f"| {name} | {args.epochs:g} | {found['steps_per_s']:.2f} | "
            f"{found['steps'] / max(1e-9, found.get('cpu_seconds', 0.0)):.2f} | {evals} | "
            f"{found['test_f1']:.3f} | {load:.1f} (ran {time.monotonic() - started:.0f} s) |",
            flush=True,
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], float(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
