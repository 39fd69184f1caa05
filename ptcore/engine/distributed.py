"""Training as one of several processes (torchrun): who this process is, and the few
collectives that keep every rank on the same step.

``torchrun --nproc_per_node=N -m ptcore train …`` starts N copies of the command and sets
RANK, WORLD_SIZE, LOCAL_RANK and MASTER_ADDR/PORT. ``process_group`` joins them (gloo on the
CPU, nccl on CUDA, each rank on ``cuda:LOCAL_RANK``); transformers' Trainer then wraps the
model in DistributedDataParallel and shards the batches. What the library cannot know is here:

- rank 0, the lead, alone opens the project, evaluates, saves and records; the followers
  receive the training data from it (``from_lead``), so every rank trains on the same snapshot
  even while someone keeps labelling;
- each stop decision (cancel, time limit, NaN) is agreed after every step (``any``), and what
  an evaluation decided is broadcast from the lead, so no rank waits in a collective that
  another has left.

A single process uses ``SINGLE``, whose collectives hand back their input.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import torch
import torch.distributed as dist

from ptcore.engine.backbone import resolve_device
from ptcore.errors import UserError

LEAD = 0
# The followers wait while the lead evaluates and stores the best model's predictions.
TIMEOUT = timedelta(minutes=60)
T = TypeVar("T")


def launched() -> bool:
    """Whether torchrun started this process as one of several."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


@dataclass(frozen=True)
class Ranks:
    """This process's place among the training processes; ``device`` holds the tensors of
    the collectives (the CPU for gloo, this rank's GPU for nccl)."""

    rank: int = 0
    world: int = 1
    local_rank: int = 0
    local_world: int = 1
    device: str = "cpu"

    @property
    def lead(self) -> bool:
        return self.rank == LEAD

    @property
    def several(self) -> bool:
        return self.world > 1

    def training_device(self, name: str) -> torch.device:
        """Where this rank trains: ``name`` resolved, a GPU per rank when there are several."""
        if not self.several:
            return resolve_device(name)
        return torch.device(self.device)

    def mean(self, value: float) -> float:
        """``value`` averaged over the ranks (a NaN anywhere is a NaN everywhere)."""
        if not self.several:
            return value
        tensor = torch.tensor([value], dtype=torch.float64, device=self.device)
        dist.all_reduce(tensor)
        return float(tensor.item()) / self.world

    def any(self, *flags: bool) -> tuple[bool, ...]:
        """Each flag, true when it is true on any rank."""
        if not self.several:
            return flags
        tensor = torch.tensor([int(f) for f in flags], dtype=torch.int64, device=self.device)
        dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
        return tuple(bool(v) for v in tensor.tolist())

    def from_lead(self, value: T) -> T:
        """The lead's ``value`` on every rank (any picklable object)."""
        if not self.several:
            return value
        box: list[Any] = [value if self.lead else None]
        dist.broadcast_object_list(box, src=LEAD, device=torch.device(self.device))
        return box[0]  # type: ignore[no-any-return]


SINGLE = Ranks()


def ranks_from_environment(device_name: str) -> Ranks:
    """This process's ranks as torchrun set them; its device from ``device_name``."""
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", str(world)))
    device = rank_device(device_name, local_rank)
    return Ranks(rank, world, local_rank, local_world, device)


def rank_device(name: str, local_rank: int) -> str:
    """``cuda:LOCAL_RANK`` for auto/cuda where there are GPUs, else the CPU."""
    if name == "mps":
        raise UserError("Training on several processes needs CUDA GPUs or the CPU, not MPS.")
    if name == "cpu" or (name == "auto" and not torch.cuda.is_available()):
        return "cpu"
    gpus = torch.cuda.device_count()
    if local_rank >= gpus:
        raise UserError(
            f"Process {local_rank} has no GPU of its own: this computer has {gpus}; "
            "start at most that many processes per node (or use --device cpu)."
        )
    return f"cuda:{local_rank}"


@contextmanager
def process_group(device_name: str) -> Iterator[Ranks]:
    """Join the other processes torchrun started (gloo on the CPU, nccl on GPUs); leave the
    group on the way out, however that is."""
    ranks = ranks_from_environment(device_name)
    on_gpu = ranks.device.startswith("cuda")
    if on_gpu:
        torch.cuda.set_device(torch.device(ranks.device))
    dist.init_process_group("nccl" if on_gpu else "gloo", timeout=TIMEOUT)
    try:
        yield ranks
    finally:
        dist.destroy_process_group()


class Handoff:
    """What the lead hands the followers before training starts: the work (settings, data,
    base model), or the reason there is none, so a refusal on the lead ends every rank."""

    def __init__(self, ranks: Ranks) -> None:
        self.ranks, self.sent = ranks, False

    def send(self, work: Any) -> None:
        self._broadcast(("work", work))

    def refuse(self, reason: str) -> None:
        self._broadcast(("refused", reason))

    def _broadcast(self, message: tuple[str, Any]) -> None:
        if self.ranks.several and self.ranks.lead and not self.sent:
            self.ranks.from_lead(message)
        self.sent = True

    def receive(self) -> Any:
        """The lead's work (on a follower); ``LeadRefused`` when the lead could not start
        (it says why itself)."""
        kind, value = self.ranks.from_lead(("", None))
        if kind == "refused":
            raise LeadRefused(value)
        return value


class LeadRefused(Exception):
    """Rank 0 did not start training (its own error message says why)."""
