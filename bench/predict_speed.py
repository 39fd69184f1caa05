"""Prediction speed: ``ptcore.load_model(...).predict`` (PyTorch and ONNX) against a transformers
``pipeline`` over the same backbone with a same-shape head.

Data: the first 2,000 SST-2 training sentences (classification) and the first 1,000 CoNLL-2003
training sentences (NER), read from ``../shared/data`` beside the checkout. The models are the
default MiniLM with the task's default prefix and head, untrained unless ``--models`` names
trained folders (speed does not depend on the weights); the pipelines get
``AutoModelFor{Sequence,Token}Classification`` heads of the same shape, untrained. Every method
runs in its own subprocess, one after the other, so each peak RSS is its own (the high-water
mark of the process's RSS from just before the model loads: it includes loading the model and
torch's own allocations, which tracemalloc does not see); documents/s counts the prediction
call alone, after a one-batch warm-up. Every method gets the same threads (``PTS_BENCH_THREADS``,
default 1): torch, onnxruntime, OpenMP and the tokenizers' Rust pool alike.

    python -m bench.predict_speed [--sst2 2000] [--conll 1000] [--batch-size 32]
                                  [--batch1-docs 500] [--models classification=DIR,ner=DIR]

``pipeline-batch1`` (the pipeline as users call it, one document at a time) is the slow arm: it
runs on ``--batch1-docs`` documents spread evenly over the set (every k-th), so the full run
stays short; its documents/s is its own, the table says how many documents it saw.

``ptcore-torch-int8`` loads the same model folder with ``quantize=True``
(``ptcore/engine/quantize.py``): the backbone's linear layers as int8. The second table compares
it (and ONNX) with the float32 PyTorch model document by document (``predict_report.py``);
give trained models (``--models``) for that to mean something, since an untrained head's
near-ties flip easily.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

from bench.predict_report import agreement_table, answer, load_line, speed_table

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PTS_BENCH_DATA", ROOT.parent / "shared" / "data"))
SOURCES = {"classification": "sst2/train.tsv", "ner": "conll2003/train.txt"}
NER_TYPES = ["PER", "ORG", "LOC", "MISC"]
# One thread everywhere: on a CPU shared with other work, several threads per process spin in
# barriers (PyTorch ran 7x slower with 2 threads than with 1 under a load of 15 on 2 cores).
THREADS = int(os.environ.get("PTS_BENCH_THREADS", "1"))
METHODS = (
    "ptcore-torch",
    "ptcore-onnx",
    "ptcore-torch-int8",
    "pipeline-batch32",
    "pipeline-batch1",
)


def texts(task: str, count: int) -> list[str]:
    from ptcore.io import read_records
    from ptcore.records import Task

    return [r.text for r in islice(read_records(DATA / SOURCES[task], Task(task)), count)]


def build_models(task: str, folder: Path, trained: Path | None = None) -> Path:
    """The P-tuning model folder (``trained``'s copy, else an untrained one) and its ONNX
    export; returns the folder."""
    from ptcore.engine.checkpoint import save_model
    from ptcore.engine.model import create_model
    from ptcore.engine.onnx_export import export_model
    from ptcore.engine.settings import default_settings
    from ptcore.engine.tasks.iob import bio_tags
    from ptcore.records import Task

    model_dir = folder / f"{task}-model"
    if trained is not None:
        shutil.copytree(trained, model_dir)
        export_model(model_dir, folder / f"{task}.onnx")
        return model_dir
    settings = default_settings(task)
    config = dataclasses.replace(settings.prefix_config(), init="random", sentence_pooling="auto")
    labels = bio_tags(NER_TYPES) if task == "ner" else ["negative", "positive"]
    model, _ = create_model(Task(task), len(labels), config)
    save_model(model, model_dir, labels, {"max_length": settings.max_length})
    export_model(model_dir, folder / f"{task}.onnx")
    return model_dir


def run_one(
    method: str, task: str, folder: Path, count: int, batch_size: int, batch1_docs: int
) -> dict[str, Any]:
    """Load, warm up, then time one method over the documents (in this process)."""
    import torch

    torch.set_num_threads(THREADS)
    docs = texts(task, count)
    if method == "pipeline-batch1" and 0 < batch1_docs < len(docs):
        docs = docs[:: len(docs) // batch1_docs][:batch1_docs]
    reset_peak_memory()
    predict = (
        _ptcore(method, task, folder, batch_size)
        if method.startswith("ptcore")
        else (_pipeline(task, 32 if method.endswith("32") else 1))
    )
    predict(docs[:batch_size])
    start = time.perf_counter()
    found = predict(docs)
    seconds = time.perf_counter() - start
    peak_mb = peak_memory_mb()
    return {
        "answers": [answer(item) for item in found] if method.startswith("ptcore") else [],
        "method": method,
        "task": task,
        "documents": len(docs),
        "seconds": seconds,
        "docs_per_s": len(docs) / seconds,
        "peak_rss_mb": peak_mb,
    }


def reset_peak_memory() -> None:
    """Start the peak-RSS count afresh (Linux), so reading the data set is not in it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    """Peak RSS since ``reset_peak_memory`` (VmHWM), else of the whole process."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ptcore(method: str, task: str, folder: Path, batch_size: int) -> Any:
    import ptcore
    from ptcore.api import Model
    from ptcore.engine.onnx_predictor import OnnxPredictor

    int8 = method.endswith("-int8")
    if "onnx" in method:
        graph = folder / f"{task}.onnx"
        return Model(OnnxPredictor(graph, batch_size, THREADS), graph).predict
    return ptcore.load_model(folder / f"{task}-model", batch_size=batch_size, quantize=int8).predict


def _pipeline(task: str, batch_size: int) -> Any:
    from transformers import (
        AutoModelForSequenceClassification,
        AutoModelForTokenClassification,
        AutoTokenizer,
        pipeline,
    )

    from ptcore.engine.backbone import default_model_path

    base = str(default_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    if task == "ner":
        labels = 1 + 2 * len(NER_TYPES)
        model = AutoModelForTokenClassification.from_pretrained(base, num_labels=labels)
        tagger = pipeline(
            "token-classification",
            model=model,
            tokenizer=tokenizer,
            aggregation_strategy="simple",
            device="cpu",
        )
        return lambda docs: tagger(docs, batch_size=batch_size)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=2)
    classify = pipeline("text-classification", model=model, tokenizer=tokenizer, device="cpu")
    return lambda docs: classify(docs, batch_size=batch_size, truncation=True, max_length=128)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sst2", type=int, default=2000)
    parser.add_argument("--conll", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--batch1-docs",
        type=int,
        default=500,
        help="documents the one-at-a-time pipeline sees, spread over the set (0: all)",
    )
    parser.add_argument(
        "--models",
        default="",
        help="trained model folders to time instead of untrained ones: "
        "classification=DIR,ner=DIR (e.g. bench/out/few_label/cls-300-s0)",
    )
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated, default: all of them"
    )
    parser.add_argument("--json", type=Path, help="also write every row (answers too) here")
    parser.add_argument(
        "--one", nargs=3, metavar=("METHOD", "TASK", "FOLDER"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    counts = {"classification": args.sst2, "ner": args.conll}
    if args.one:
        method, task, folder = args.one
        found = run_one(method, task, Path(folder), counts[task], args.batch_size, args.batch1_docs)
        print(json.dumps(found))
        return
    trained = {k: Path(v) for k, v in (p.split("=", 1) for p in args.models.split(",") if p)}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for task in [t for t, count in counts.items() if count]:
            build_models(task, Path(tmp), trained.get(task))
            for method in args.methods.split(","):
                rows.append(_subprocess(method, task, tmp, sys.argv[1:]))
                brief = {k: v for k, v in rows[-1].items() if k != "answers"}
                print(json.dumps(brief), file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows))
    print(speed_table(rows), agreement_table(rows, bool(trained)), load_line(rows), sep="\n\n")


def _subprocess(method: str, task: str, folder: str, argv: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.predict_speed", *argv, "--one", method, task, folder]
    load = os.getloadavg()[0]
    threads = str(THREADS)
    env = os.environ | {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
    env |= {"RAYON_NUM_THREADS": threads, "TOKENIZERS_PARALLELISM": str(THREADS > 1).lower()}
    found = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if found.returncode:
        sys.exit(f"{method} on {task} failed:\n{found.stderr[-3000:]}")
    return dict(json.loads(found.stdout.strip().splitlines()[-1])) | {"load": load}


if __name__ == "__main__":
    main()
