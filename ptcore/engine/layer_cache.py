"""Late prefix, fast: the frozen layers below the prefix, computed once per text for a whole run.

With a prefix in the top K layers only and the backbone's dropout off, the states entering the
first prefixed layer depend on the tokens alone. ``LowerLayerCache`` keeps them per text, keyed
by the text's tokens (ids and token types of the unpadded row), so a changed text, another
maximum length or another truncation is simply another key; a different model (backbone,
split layer, layer mix, device) clears it (``bind``). A step then runs only the top K layers.

Memory is documents x tokens x hidden x 4 bytes (times the lower layers kept, when the head
mixes every layer). It is bounded by a budget: texts that do not fit are recomputed at every
step, as without the cache, and ``summary`` says how many, for the run's log and metrics.
Rows are stored as ordinary tensors (never inference-mode ones), so a text first seen while
predicting can later be trained on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch
from torch.nn.utils.rnn import pad_sequence
from transformers import PreTrainedModel

from ptcore.engine.layer_split import lower_states, run_layers

if TYPE_CHECKING:
    from ptcore.engine.model import PrefixTunedModel
    from ptcore.engine.settings import TrainSettings

MB = 2**20
MEMORY_SHARE = 4  # never take more than a quarter of the memory available when training starts


@dataclass
class CacheSummary:
    """What the cache held at the end of a run: for the log and the run's metrics."""

    texts: int
    megabytes: float
    budget_megabytes: float
    hits: int
    misses: int
    over_budget: int  # distinct texts that did not fit and were recomputed each time

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    def sentence(self) -> str:
        kept = f"Late prefix: lower layers cached for {self.texts} texts ({self.megabytes:.0f} MB)"
        if not self.over_budget:
            return kept + "."
        return (
            f"{kept}; {self.over_budget} more did not fit in the {self.budget_megabytes:.0f} MB "
            "budget and were recomputed at every step."
        )


class LowerLayerCache:
    """The lower layers' states of every text seen, up to ``budget_bytes``."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.rows: dict[bytes, torch.Tensor] = {}
        self.used = 0
        self.scope: tuple[Any, ...] | None = None
        self.hits = self.misses = 0
        self.refused: set[bytes] = set()

    def bind(self, scope: tuple[Any, ...]) -> None:
        """Start afresh unless ``scope`` (what the states depend on besides the text) is the
        one the rows were computed for."""
        if scope != self.scope:
            self.rows.clear()
            self.refused.clear()
            self.used, self.scope = 0, scope

    def summary(self) -> CacheSummary:
        return CacheSummary(
            len(self.rows),
            round(self.used / MB, 1),
            round(self.budget / MB, 1),
            self.hits,
            self.misses,
            len(self.refused),
        )

    def forward(
        self,
        backbone: PreTrainedModel,
        first: int,
        prefix: torch.Tensor,
        batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor | None],
        keep_all: bool,
    ) -> list[torch.Tensor] | None:
        """The backbone's states for ``batch`` (ids, mask, token types): the lower ones from
        the cache (all ``first + 1`` with ``keep_all``, else the last), then each prefixed
        layer's output; None when the batch is not right-padded (run the whole backbone)."""
        lower = self.states(backbone, first, *batch, keep_all)
        if lower is None:
            return None
        top = range(first, backbone.config.num_hidden_layers)
        return [*lower, *run_layers(backbone, lower[-1], batch[1], top, prefix)]

    def states(
        self,
        backbone: PreTrainedModel,
        first: int,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None,
        keep_all: bool = True,
    ) -> list[torch.Tensor] | None:
        """The lower states of the batch (``first + 1``, or with ``keep_all`` off only the
        input of layer ``first``), zero-padded to its length; None unless right-padded."""
        lengths = _right_padded_lengths(attention_mask)
        if lengths is None:
            return None
        keys = [_row_key(input_ids, token_type_ids, i, n) for i, n in enumerate(lengths)]
        rows = [self.rows.get(key) for key in keys]
        missing = [i for i, row in enumerate(rows) if row is None]
        self.hits += len(rows) - len(missing)
        self.misses += len(missing)
        if missing:
            batch = (input_ids, attention_mask, token_type_ids)
            computed = _compute_rows(backbone, first, batch, missing, lengths, keep_all)
            for i, row in zip(missing, computed, strict=True):
                rows[i] = row
                self._keep(keys[i], row)
        padded = pad_sequence(
            [row.transpose(0, 1) for row in rows if row is not None], batch_first=True
        )
        padded = _pad_to(padded, input_ids.shape[1])
        return list(padded.permute(2, 0, 1, 3).unbind(0))

    def _keep(self, key: bytes, row: torch.Tensor) -> None:
        size = row.numel() * row.element_size()
        if self.used + size > self.budget:
            self.refused.add(key)
            return
        self.rows[key] = row
        self.used += size


def _right_padded_lengths(attention_mask: torch.Tensor) -> list[int] | None:
    """Each row's real length, or None unless every row is ones then zeros."""
    lengths = attention_mask.sum(dim=1)
    positions = torch.arange(attention_mask.shape[1], device=attention_mask.device)
    expected = positions.unsqueeze(0) < lengths.unsqueeze(1)
    if not torch.equal(attention_mask.bool(), expected):
        return None
    return [int(n) for n in lengths.tolist()]


def _row_key(ids: torch.Tensor, types: torch.Tensor | None, row: int, length: int) -> bytes:
    """A row's identity: its unpadded token ids and token types (all zero is the same as none,
    as the embeddings read it)."""
    key = ids[row, :length].cpu().numpy().tobytes()
    if types is not None and bool(types[row, :length].any()):
        key += b"|" + types[row, :length].cpu().numpy().tobytes()
    return key


@torch.no_grad()
def _compute_rows(
    backbone: PreTrainedModel,
    first: int,
    batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor | None],
    rows: list[int],
    lengths: list[int],
    keep_all: bool,
) -> list[torch.Tensor]:
    """The lower states of ``rows``, each ``(states, length, hidden)``, run as one batch."""
    input_ids, attention_mask, token_type_ids = batch
    width = max(lengths[i] for i in rows)
    pick = torch.tensor(rows, device=input_ids.device)
    types = None if token_type_ids is None else token_type_ids[pick, :width]
    states = lower_states(
        backbone, input_ids[pick, :width], attention_mask[pick, :width], types, first
    )
    stacked = torch.stack(states if keep_all else states[-1:], dim=1)
    with torch.inference_mode(False):
        return [stacked[j, :, : lengths[i]].clone() for j, i in enumerate(rows)]


def _pad_to(padded: torch.Tensor, length: int) -> torch.Tensor:
    """``(batch, tokens, layers, hidden)`` zero-padded along tokens to ``length``."""
    missing = length - padded.shape[1]
    if missing <= 0:
        return padded
    return torch.nn.functional.pad(padded, (0, 0, 0, 0, 0, missing))


def attach_layer_cache(
    model: PrefixTunedModel, settings: TrainSettings, device: torch.device, sharing: int = 1
) -> LowerLayerCache | None:
    """Give a late-prefix model a cache for its run, within the memory budget (None: the model
    prefixes every layer, the backbone's dropout is on, or the budget is 0). ``sharing``
    processes on this machine (torchrun) each keep their own cache: on the CPU they split
    the memory, on GPUs each has its own."""
    if model.prefix.first_layer == 0 or settings.backbone_dropout or not settings.layer_cache_mb:
        return None
    share = MEMORY_SHARE * (sharing if device.type == "cpu" else 1)
    budget = min(settings.layer_cache_mb * MB, available_bytes(device) // share)
    model.layer_cache = LowerLayerCache(budget)
    return model.layer_cache


def available_bytes(device: torch.device) -> int:
    """Memory free for the cache on ``device`` now (a large number where it cannot be told)."""
    if device.type == "cuda":
        return int(torch.cuda.mem_get_info(device)[0])
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 1 << 40


def report_layer_cache(cache: LowerLayerCache | None, metrics: dict[str, Any], say: Any) -> None:
    """Add the cache's summary to the run's ``metrics`` and say it through ``say(message)``."""
    if cache is None:
        return
    summary = cache.summary()
    metrics["layer_cache"] = summary.to_dict()
    say(summary.sentence())
