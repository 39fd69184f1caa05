"""Where a training step's time goes: P-tuning v2 with several prefix lengths vs full fine-tuning.

One step (forward, backward, optimizer) of the embedded MiniLM on a batch of 16 sequences of
28 tokens (a CoNLL-sized sentence), averaged over 20 steps after 5 warm-up steps, on whatever
device ``resolve_device("auto")`` picks. Prefix 1 is the frozen backbone's own cost.

    python -m bench.step_cost
"""

from __future__ import annotations

import time

import torch

from ptcore.engine.backbone import resolve_device
from ptcore.engine.config import PrefixConfig
from ptcore.engine.model import create_model
from ptcore.records import Task

BATCH, TOKENS, TAGS = 16, 28, 9
CONFIGURATIONS = (
    ("P-tuning v2, prefix 64", 64, False),
    ("P-tuning v2, prefix 16", 16, False),
    ("P-tuning v2, prefix 1", 1, False),
    ("full fine-tuning", 1, True),
)


def milliseconds_per_step(prefix_len: int, full: bool, device: torch.device) -> float:
    torch.manual_seed(0)
    model, _ = create_model(Task.NER, TAGS, PrefixConfig(prefix_len=prefix_len))
    model.backbone.requires_grad_(full)
    model.to(device).train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(1000, 20000, (BATCH, TOKENS), device=device)
    labels = torch.randint(0, TAGS, (BATCH, TOKENS), device=device)
    for step in range(25):
        if step == 5:
            _sync(device)
            start = time.perf_counter()
        model(ids, torch.ones_like(ids), labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    _sync(device)
    return (time.perf_counter() - start) / 20 * 1000


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def main() -> None:
    device = resolve_device("auto")
    print(f"{'configuration':<28}{'ms per step':>12}   ({device})")
    for name, prefix_len, full in CONFIGURATIONS:
        print(f"{name:<28}{milliseconds_per_step(prefix_len, full, device):>12.1f}")


if __name__ == "__main__":
    main()
