"""One measured training run in its own process, and the parent side that starts it.

Each configuration runs in a fresh subprocess so its peak memory is its own: the parent reads
the child's ``ru_maxrss`` through ``os.wait4`` (on CUDA the child reports
``torch.cuda.max_memory_allocated``). The child writes a JSON result; the parent adds the
memory and the load average before the run.

Child: ``python -m bench.engine_run SPEC_JSON RESULT_PATH``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import torch

from bench import engine_data
from ptcore.engine.backbone import default_model_path, load_tokenizer
from ptcore.engine.callbacks import EvalInfo, ProgressInfo, TrainingCallbacks
from ptcore.engine.decoding import headline
from ptcore.engine.examples import TrainingData
from ptcore.engine.settings import TrainSettings, default_settings
from ptcore.engine.trainer import train_model
from ptcore.records import Task

ROOT = Path(__file__).resolve().parents[1]
FULL_DEFAULTS = {
    "epochs": 3,
    "warmup_ratio": 0.0,
    "prefix_len": 1,
    "prefix_init": "random",
    "backbone_dropout": True,  # the usual fine-tuning recipe keeps it
    # ... and reads the last layer (BertForTokenClassification): with the layer mix, full
    # fine-tuning fell from NER F1 0.862 to 0.840 (SST-2: 0.825, within noise of its 0.822).
    "layer_mix": False,
}
FULL_LR = {"ner": 2e-4, "cls": 1e-4, "cls-zh": 1e-4, "qa": 1e-4, "qa-zh": 1e-4}


class Recorder(TrainingCallbacks):
    """Times training and evaluation: an evaluation runs right after the last progress call, so
    its duration is the gap between that call and ``on_eval``. Each evaluation is kept as
    (wall seconds since training began, of which training seconds, dev score)."""

    def __init__(self) -> None:
        self.start = self.cpu_start = 0.0
        self.last_progress = self.last_cpu = 0.0
        self.eval_cpu_seconds = 0.0
        self.last: ProgressInfo | None = None
        self.eval_seconds = 0.0
        self.best_at = 0.0
        self.best_cpu = 0.0  # CPU seconds to the best: one thread's time on a quiet core
        self.evals: list[tuple[float, float, float]] = []
        self.task = Task.NER

    def on_progress(self, info: ProgressInfo) -> None:
        now, cpu = time.monotonic(), time.process_time()
        if self.last is None:
            self.start, self.cpu_start = now - info.elapsed_s, cpu
        self.last, self.last_progress, self.last_cpu = info, now, cpu

    def on_eval(self, info: EvalInfo) -> None:
        now, cpu = time.monotonic(), time.process_time()
        self.eval_seconds += now - self.last_progress
        self.eval_cpu_seconds += cpu - self.last_cpu
        self.last_progress, self.last_cpu = now, cpu
        if not info.metrics:  # the time limit left no time to score the final model
            return
        wall = now - self.start
        score = round(headline(self.task, info.metrics), 4)
        self.evals.append((round(wall, 1), round(wall - self.eval_seconds, 1), score))
        if info.is_best:
            self.best_at, self.best_cpu = now - self.start, cpu - self.cpu_start


def settings_for(spec: dict[str, Any], task: Task) -> TrainSettings:
    """P-tuning: the task's defaults; full: the spike's recipe. Then the spec's overrides."""
    common = {"max_minutes": spec["minutes"], "evals_per_epoch": spec.get("evals_per_epoch", 2)}
    common["min_steps"] = 0  # the schedules here are meant as given, 1,000 examples or not
    if spec["method"] == "full":
        lr = FULL_LR[spec["task"]]
        common |= FULL_DEFAULTS | {"learning_rate": lr, "head_learning_rate": lr}
    return default_settings(task, **(common | spec.get("overrides", {})))


def unknown_token_rate(data: TrainingData) -> float:
    """Share of the word pieces of the training texts that the tokenizer cannot represent."""
    tokenizer = load_tokenizer(default_model_path())
    texts = [r.text for r in data.train[:300]]
    ids = [i for text in texts for i in tokenizer(text, add_special_tokens=False)["input_ids"]]
    return sum(i == tokenizer.unk_token_id for i in ids) / max(1, len(ids))


def folder_bytes(folder: Path, names: tuple[str, ...]) -> int:
    return sum((folder / name).stat().st_size for name in names if (folder / name).exists())


def child(spec: dict[str, Any], result_path: Path) -> None:
    """Train once as ``spec`` says and write the measurements to ``result_path``."""
    data = engine_data.load(spec["task"], spec["train_size"], spec.get("dev_size", 0))
    settings = settings_for(spec, data.task)
    recorder = Recorder()
    recorder.task = data.task
    full = spec["method"] == "full"
    with tempfile.TemporaryDirectory(prefix="ptbench-") as scratch:
        model_dir = Path(scratch) / "model"
        if full:
            from bench import full_finetune

            full_finetune.install()
            recorder.on_best_model = full_finetune.whole_model_saver(model_dir)  # type: ignore[method-assign]
        result = train_model(data, settings, model_dir, callbacks=recorder)
        files = ("whole_model.safetensors", "ptmodel.json") if full else None
        size = folder_bytes(model_dir, files or ("weights.safetensors", "ptmodel.json"))
    last = recorder.last
    train_seconds = last.elapsed_s if last else 0.0
    pure = max(1e-9, recorder.last_progress - recorder.start - recorder.eval_seconds)
    cpu = max(1e-9, recorder.last_cpu - recorder.cpu_start - recorder.eval_cpu_seconds)
    examples = last.step * result.batch_size if last else 0
    out = {
        "status": result.status,
        "error": result.error,
        "metric": headline(data.task, result.metrics) if recorder.evals else 0,
        "metrics": {k: v for k, v in result.metrics.items() if isinstance(v, (int, float, str))},
        "best_seconds": round(recorder.best_at, 1),
        "train_seconds": round(train_seconds, 1),
        "examples_per_s": examples / pure,
        "examples_per_cpu_s": examples / cpu,
        "train_examples_seen": examples,
        "epochs": round(last.epoch, 2) if last else 0.0,
        "evals": recorder.evals,
        "trainable": result.trainable.get("trainable", 0),
        "checkpoint_bytes": size,
        "train_examples": len(data.train),
        "train_questions": sum(len(r.questions) for r in data.train),
        "dev_examples": len(data.dev) or 0,
        "dev_questions": sum(len(r.questions) for r in data.dev),
        "unk_rate": unknown_token_rate(data),
        "settings": settings.to_dict(),
        "cuda_peak_bytes": torch.cuda.max_memory_allocated() if torch.cuda.is_available() else 0,
        "device": torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu",
        "threads": torch.get_num_threads(),
    }
    result_path.write_text(json.dumps(out, indent=1, default=str))


def run_isolated(spec: dict[str, Any], log_dir: Path) -> dict[str, Any]:
    """Run ``spec`` in a child process; its result plus peak RSS and the load before it."""
    log_dir.mkdir(parents=True, exist_ok=True)
    name = spec["name"]
    result_path = log_dir / f"{name}.json"
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    with open(log_dir / f"{name}.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.engine_run", json.dumps(spec), str(result_path)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0 or not result_path.exists():
        return {"name": name, "status": f"crashed (exit {status}, see {log_dir / name}.log)"}
    result = json.loads(result_path.read_text())
    result |= {
        "name": name,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "load_before": round(load_before, 2),
        "process_seconds": round(time.monotonic() - started, 1),
    }
    result_path.write_text(json.dumps(result, indent=1, default=str))
    return result


def peak_memory_mb(result: dict[str, Any]) -> float:
    """GPU peak on CUDA, else the process's peak RSS."""
    if result.get("cuda_peak_bytes"):
        return float(result["cuda_peak_bytes"]) / 2**20
    return float(result.get("peak_rss_mb", 0.0))


def markdown_table(rows: list[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    child(json.loads(sys.argv[1]), Path(sys.argv[2]))
