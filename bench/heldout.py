"""Training runs scored on a split nobody tuned on: the shared part of ``defaults_unseen.py``
and ``few_label.py``.

Data per task: a *pool* of labelled documents from the start of the training file, of which the
engine's own rule (``carve_dev``: a seeded, class-stratified max(20 %, 10)) makes the dev split
that selects checkpoints; and an *unseen* split read from far down the same training file (rows
no bench or default in this repository ever trained or tuned on: the benches read the first
1,000 training rows and the official dev files). SST-2's training rows are phrases cut from
sentences, so unseen rows that contain, or are contained in, a pool text are dropped.

One run = one subprocess (``python -m bench.heldout SPEC RESULT``): it trains with the engine
(``train_model``), keeps a copy of the weights at every new best dev score, and after training
scores that kept model on the unseen split. A P-tuning run's kept model folder is kept beside
its result (``<run>/``), so ``predict_speed.py --models`` can time trained models.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

import torch

from bench.engine_run import Recorder, settings_for
from ptcore.engine.callbacks import BestModel, EvalInfo
from ptcore.engine.decoding import Decoding, decode, headline, score
from ptcore.engine.examples import TrainingData, carve_dev, head_labels
from ptcore.engine.predictor import run_model
from ptcore.engine.settings import default_settings
from ptcore.io import read_records
from ptcore.records import DocumentRecord, Split, Task

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PTS_BENCH_DATA", ROOT.parent / "shared" / "data"))
# key: (file, task, first unseen row); unseen rows lie far beyond any pool used here.
SOURCES = {
    "ner": ("conll2003/train.txt", Task.NER, 12000),
    "cls": ("sst2/train.tsv", Task.CLASSIFICATION, 60000),
    "cls-zh": ("chnsenticorp/train.tsv", Task.CLASSIFICATION, 9000),
}
NAMES = {"ner": "NER CoNLL-2003", "cls": "SST-2", "cls-zh": "ChnSentiCorp"}
DATA_SEED = 0  # the dev carve is the same for every method and training seed


def load(key: str, pool: int, unseen: int) -> tuple[TrainingData, list[DocumentRecord]]:
    """The pool carved into train/dev by the engine's rule, and the unseen records."""
    name, task, unseen_from = SOURCES[key]
    records = list(read_records(DATA / name, task))
    train = [_numbered(r, i, Split.TRAIN) for i, r in enumerate(records[:pool])]
    texts = {r.text for r in train}
    later = (r for r in records[unseen_from:] if not _overlaps(r.text, texts, task))
    held = [_numbered(r, pool + i, Split.TEST) for i, r in enumerate(islice(later, unseen))]
    names = sorted({x for r in train + held for x in r.labels})
    names += sorted({s.label for r in train + held for s in r.entities})
    data = TrainingData(task, train, [], names, head_labels(task, names))
    carve_dev(data, DATA_SEED)
    return data, held


def _overlaps(text: str, pool_texts: set[str], task: Task) -> bool:
    if task is not Task.CLASSIFICATION:
        return text in pool_texts
    return any(text in other or other in text for other in pool_texts)


def _numbered(record: DocumentRecord, index: int, split: Split) -> DocumentRecord:
    return dataclasses.replace(record, line=index + 1, split=split)


class Timer(Recorder):
    """``Recorder`` that also takes an evaluation without dev scores (the final model kept
    unscored at a deadline, or the keep-final rule), and hands each new best model to
    ``keeper``."""

    def __init__(self, keeper: Keeper) -> None:
        super().__init__()
        self.keeper = keeper

    def on_best_model(self, best: BestModel) -> None:
        self.keeper(best.model, best.tokenizer, best.decoding, best.dev_items)

    def on_eval(self, info: EvalInfo) -> None:
        if info.metrics:
            super().on_eval(info)
        elif info.is_best:
            self.best_at = time.monotonic() - self.start
            self.best_cpu = time.process_time() - self.cpu_start


class Keeper:
    """An ``on_best`` hook that keeps the model, its tokenizer and a copy of its weights."""

    def __init__(self) -> None:
        self.model: Any = None
        self.tokenizer: Any = None
        self.decoding = Decoding(128)
        self.state: dict[str, torch.Tensor] = {}

    def __call__(self, model: Any, tokenizer: Any, decoding: Decoding, _items: Any) -> None:
        self.model, self.tokenizer, self.decoding = model, tokenizer, decoding
        trained = {n for n, p in model.named_parameters() if p.requires_grad}
        self.state = {
            name: value.detach().clone()
            for name, value in model.state_dict().items()
            if name in trained
        }

    def unseen_metric(self, data: TrainingData, unseen: list[DocumentRecord]) -> float:
        """The kept model's headline metric on ``unseen``."""
        model = self.model
        model.load_state_dict(self.state, strict=False)
        raw = run_model(model, self.tokenizer, unseen, data.head_labels, self.decoding.max_length)
        items = decode(raw, data.head_labels, self.decoding)
        return headline(data.task, score(data.task, unseen, items, data.label_names))


def child(spec: dict[str, Any], result_path: Path) -> None:
    """Train once as ``spec`` says; write dev and unseen metrics and times."""
    torch.set_num_threads(int(os.environ.get("PTS_BENCH_THREADS", "1")))
    import ptcore.engine.trainer as trainer_module

    data, unseen = load(spec["task"], spec["pool"], spec["unseen"])
    settings = (
        default_settings(data.task, max_minutes=spec["minutes"], **spec.get("overrides", {}))
        if spec.get("engine_defaults")
        else settings_for(spec, data.task)
    )
    if spec["method"] == "full":
        from bench import full_finetune

        full_finetune.install()
    if not spec.get("engine_defaults"):
        # "bitfit" runs train the backbone's bias terms (train_biases); the other candidates
        # train prefix and head only, whatever the task's default now is, so results stay
        # comparable with those measured before train_biases became a default.
        settings = settings.replace(train_biases=bool(spec.get("bitfit")))
    keeper = Keeper()
    recorder = Timer(keeper)
    recorder.task = data.task
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ptheld-") as scratch:
        result = trainer_module.train_model(
            data, settings, Path(scratch) / "model", callbacks=recorder
        )
        if spec["method"] != "full" and result.model_dir:  # P-tuning's folder is < 1 MB
            shutil.copytree(result.model_dir, result_path.with_suffix(""), dirs_exist_ok=True)
    trained = {n for n, p in keeper.model.named_parameters() if p.requires_grad}
    adapter = sum(keeper.state[n].numel() for n in keeper.state if n in trained)
    kept = result.metrics.get("kept", {})
    out = {
        "status": result.status,
        "dev_metric": dev_metric(data.task, result.metrics),
        "unseen_metric": keeper.unseen_metric(data, unseen) if keeper.model else 0.0,
        "best_seconds": round(recorder.best_at, 1),
        "best_cpu_seconds": round(recorder.best_cpu, 1),
        "train_seconds": round(recorder.last.elapsed_s if recorder.last else 0.0, 1),
        "run_seconds": round(time.monotonic() - started, 1),
        "kept": kept,
        "ended": result.metrics.get("ended", ""),
        "trainable": adapter,
        "adapter_mb": round(adapter * 4 / 2**20, 2),
        "train": len(data.train),
        "dev": len(data.dev),
        "unseen": len(unseen),
        "selection": data.selection,
        "evals": recorder.evals,
    }
    result_path.write_text(json.dumps(out, indent=1, default=str))


def dev_metric(task: Task, metrics: dict[str, Any]) -> float:
    """The kept model's dev score; 0.0 when it was kept unscored (a deadline before any
    evaluation, or too few documents for a dev split)."""
    try:
        return headline(task, metrics)
    except KeyError:
        return 0.0


def run(spec: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """``spec`` in a subprocess, unless its result is already in ``out_dir`` (resumable)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{spec['name']}.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    load_before = os.getloadavg()[0]
    with open(out_dir / f"{spec['name']}.log", "w") as log:
        code = subprocess.call(
            [sys.executable, "-m", "bench.heldout", json.dumps(spec), str(path)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if code != 0 or not path.exists():
        return {"name": spec["name"], "status": f"crashed (exit {code})"}
    found = dict(json.loads(path.read_text())) | {"load_before": round(load_before, 2)}
    found |= {"spec": spec}
    path.write_text(json.dumps(found, indent=1, default=str))
    return found


def run_all(specs: list[dict[str, Any]], out_dir: Path, jobs: int = 1) -> list[dict[str, Any]]:
    """Every spec through ``run``, ``jobs`` subprocesses at a time (one thread each, so on a
    quiet machine ``jobs`` up to the core count keeps runs from slowing each other); results in
    the order of ``specs``, each printed as it ends."""

    def one(spec: dict[str, Any]) -> dict[str, Any]:
        result = run(spec, out_dir)
        shown = ("dev_metric", "unseen_metric", "best_seconds", "status")
        print(spec["name"], {k: result.get(k) for k in shown}, flush=True)
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, specs))


if __name__ == "__main__":
    child(json.loads(sys.argv[1]), Path(sys.argv[2]))
