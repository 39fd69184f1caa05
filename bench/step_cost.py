"""Where a training step's time goes: P-tuning v2 with several prefix lengths vs full fine-tuning.

One step (forward, backward, optimizer) of the embedded MiniLM on a batch of 16 sequences of
28 tokens (a CoNLL-sized sentence), averaged over 20 steps after 5 warm-up steps, on whatever
device ``resolve_device("auto")`` picks, under bf16 autocast on CUDA as the trainer does.
Prefix 1 is the frozen backbone's own cost. Full fine-tuning keeps the backbone's dropout, as
its usual recipe does; P-tuning rows say whether theirs is on.

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
# (name, prefix length, backbone dropout, full fine-tuning)
CONFIGURATIONS = (
    ("P-tuning v2, prefix 64", 64, False, False),
    ("P-tuning v2, prefix 16", 16, False, False),
    ("P-tuning v2, prefix 16, backbone dropout on", 16, True, False),
    ("P-tuning v2, prefix 1", 1, False, False),
    ("full fine-tuning", 1, True, True),
    ("full fine-tuning, dropout off", 1, False, True),
)


def milliseconds_per_step(
    prefix_len: int, backbone_dropout: bool, full: bool, device: torch.device
) -> float:
    torch.manual_seed(0)
    config = PrefixConfig(prefix_len=prefix_len, backbone_dropout=backbone_dropout)
    model, _ = create_model(Task.NER, TAGS, config)
    model.backbone.requires_grad_(full)
    model.to(device).train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(1000, 20000, (BATCH, TOKENS), device=device)
    labels = torch.randint(0, TAGS, (BATCH, TOKENS), device=device)
    for step in range(25):
        if step == 5:
            _sync(device)
            start = time.perf_counter()
        with torch.autocast(device.type, torch.bfloat16, enabled=device.type == "cuda"):
            loss = model(ids, torch.ones_like(ids), labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    _sync(device)
    return (time.perf_counter() - start) / 20 * 1000


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def main() -> None:
    device = resolve_device("auto")
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"{'configuration':<46}{'ms per step':>12}   ({name}, {torch.get_num_threads()} threads)")
    for label, *options in CONFIGURATIONS:
        print(f"{label:<46}{milliseconds_per_step(*options, device):>12.1f}")


if __name__ == "__main__":
    main()
