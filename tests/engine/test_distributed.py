"""Training on several processes: ``torchrun --nproc_per_node=2 -m ptcore train`` on the CPU
(gloo) trains one model, written once by rank 0, shaped like a one-process run; a signal to
torchrun stops both ranks on the same step, keeping the model."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

import ptcore
from ptcore.cli import main
from ptcore.engine.examples import head_labels
from ptcore.engine.predictor import encode
from ptcore.engine.tasks.collate import collator_for
from ptcore.records import DocumentRecord, Task
from ptcore.store.project import Project
from ptcore.store.views import RunStatus
from tests.engine.projects import (
    backbone,
    classification_project,
    ner_records,
    qa_records,
    sentiment_records,
)
from tests.tiny import make_prefix_model

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--prefix-len", "4", "--lr", "0.05", "--batch-size", "4", "--max-length", "32"]
FAST += ["--device", "cpu"]
TIMEOUT_S = 240  # the guard against a hang: two processes load torch in ~10-40 s each


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def torchrun(*args: str, processes: int = 2) -> list[str]:
    """The command line that starts ``ptcore`` as ``processes`` ranks."""
    return [
        sys.executable,
        "-m",
        "torch.distributed.run",
        f"--nproc_per_node={processes}",
        f"--master_port={free_port()}",
        "-m",
        "ptcore",
        *args,
    ]


def environment() -> dict[str, str]:
    """This checkout first on the children's path; quiet, single-threaded ranks."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return {**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1"}


def project(folder: Path) -> Path:
    classification_project(folder, train=40, dev=12, unlabeled=4).close()
    return folder / "cls.db"


def test_two_processes_train_one_model_shaped_like_one_process(tmp_path: Path) -> None:
    single, double = project(tmp_path / "one"), project(tmp_path / "two")
    assert main(["train", str(single), "--epochs", "2", *FAST]) == 0
    began = time.monotonic()
    done = subprocess.run(
        torchrun("train", str(double), "--epochs", "2", *FAST),
        env=environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    print(f"2-process train: {time.monotonic() - began:.1f} s wall")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Run 1 finished on 2 × CPU" in done.stdout and "Run 2" not in done.stdout
    with Project(single) as one, Project(double) as two:
        [reference], [run] = one.runs.all(), two.runs.all()
        assert run.status == RunStatus.FINISHED and run.device == "2 × CPU"
        assert sorted(run.metrics) == sorted(reference.metrics)
        assert len(two.runs.metrics(run.id)) == len(one.runs.metrics(reference.id)) == 2
        documents = two.documents.ids()
        assert {p.document_id for p in two.runs.predictions(run.id)} == set(documents)
        folder = two.model_folder(run)
    assert [p.name for p in folder.parent.iterdir()] == ["run-1"]
    reference_files = sorted(p.name for p in (single.parent / "cls.models/run-1").iterdir())
    assert sorted(p.name for p in folder.iterdir()) == reference_files
    # 40 examples, batch 4, 2 ranks: 5 steps an epoch (each rank takes half the batches).
    assert json.loads((folder / "ptmodel.json").read_text())["settings"]["step"] in (5, 10)
    model = ptcore.load_model(folder)
    assert model.predict(["the film was good today"])[0]


def test_sigint_to_torchrun_stops_both_ranks_and_keeps_the_model(tmp_path: Path) -> None:
    path = project(tmp_path)
    process = subprocess.Popen(
        torchrun("train", str(path), "--epochs", "500", "--json-events", *FAST),
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # wait until both ranks are stepping
            if '"event": "progress"' in line:
                break
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=TIMEOUT_S)
    finally:
        process.kill()
    # torchrun itself ends with a SignalException traceback; the ranks end cleanly.
    assert errors.count("Traceback") <= 1 and "ChildFailedError" not in errors, errors[-3000:]
    assert "KeyboardInterrupt" not in errors
    assert rest.splitlines()[-1] == '{"event": "finished", "run_id": 1, "status": "cancelled"}'
    with Project(path) as opened:
        [run] = opened.runs.all()
        assert run.status == RunStatus.CANCELLED, run.error
        assert run.metrics["ended"] == "cancelled"
        last_step = run.metrics["kept"]["last_step"]
        assert 0 < last_step < 500 * 5
        assert (opened.model_folder(run) / "weights.safetensors").is_file()


def test_time_limit_stops_both_ranks_on_the_same_step(tmp_path: Path) -> None:
    path = project(tmp_path)
    done = subprocess.run(
        torchrun("train", str(path), "--epochs", "500", "--max-minutes", "0.75", *FAST),
        env=environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with Project(path) as opened:
        [run] = opened.runs.all()
        assert run.status == RunStatus.FINISHED and run.metrics["ended"] == "time_limit"
        assert opened.model_folder(run).name == "run-1"


def test_a_refusal_on_rank_0_ends_every_rank_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    with Project.create(path, "classification", ["pos", "neg"]) as created:
        unlabeled = [DocumentRecord(r.text) for r in sentiment_records(6, 0)]
        created.import_records(unlabeled, Path("seed.jsonl"))  # nothing to train on
    done = subprocess.run(
        torchrun("train", str(path), "--epochs", "1", *FAST),
        env=environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode != 0
    reasons = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(reasons) == 1, done.stderr[-3000:]
    with Project(path) as opened:
        assert opened.runs.all() == []


def records_for(task: Task) -> tuple[list[DocumentRecord], list[str]]:
    if task is Task.NER:
        return ner_records(4), ["PER", "LOC"]
    if task is Task.QA:
        return qa_records(4), []
    return sentiment_records(4), ["pos", "neg"]


@pytest.mark.parametrize("task", [Task.CLASSIFICATION, Task.NER, Task.QA])
@pytest.mark.parametrize(
    "shape",
    [
        {},
        {"prefix_layers": 1},
        {"layer_mix": True},
        {"prefix_projection": True},
        {"train_biases": True},
        {"prefix_layers": 1, "train_biases": True},
    ],
    ids=["all-layers", "late-prefix", "layer-mix", "projection", "biases", "late-biases"],
)
def test_every_trainable_parameter_gets_a_gradient(
    task: Task, shape: dict[str, object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Why DDP runs with ``find_unused_parameters=False``: a step reaches every parameter the
    optimiser holds, in every task and prefix shape (else DDP would wait for a gradient)."""
    folder = backbone(tmp_path_factory.mktemp("tiny"))
    records, names = records_for(task)
    labels = head_labels(task, names)
    model, tokenizer = make_prefix_model(folder, task.value, max(len(labels), 1), **shape)
    features, _ = encode(task, records, tokenizer, labels, 32)
    batch = collator_for(task, tokenizer)(features)
    model.train()
    model(**batch).loss.backward()
    missing = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
    assert not missing
    assert any(p.grad is not None and torch.any(p.grad != 0) for p in model.prefix.parameters())


@pytest.mark.parametrize("preset", ["fast", "balanced", "best"])
def test_the_gui_command_rebuilds_its_settings_exactly(preset: str, tmp_path: Path) -> None:
    """What the GUI launches for "All N GPUs" parses back into the settings it showed."""
    from ptcore.cli import build_parser
    from ptcore.cli_engine import _overrides
    from ptcore.cli_ranks import torchrun_command
    from ptcore.engine.settings import default_settings

    shown = default_settings("ner", preset).replace(
        epochs=7.5, min_steps=0, learning_rate=0.031, head_learning_rate=0.031, seed=3
    )
    command = torchrun_command(tmp_path / "p.db", "ner", shown, 4, tmp_path / "stop")
    assert command[:5] == [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node=4",
    ]
    args = build_parser().parse_args(command[command.index("ptcore") + 1 :])
    assert args.json_events and args.stop_file == tmp_path / "stop"
    assert default_settings("ner", args.preset, **_overrides(args)) == shown


def test_settings_no_option_can_carry_are_refused(tmp_path: Path) -> None:
    from ptcore.cli_ranks import torchrun_command
    from ptcore.engine.settings import default_settings
    from ptcore.errors import UserError

    odd = default_settings("ner").replace(head_learning_rate=0.5)
    with pytest.raises(UserError, match="several processes"):
        torchrun_command(tmp_path / "p.db", "ner", odd, 2, tmp_path / "stop")
