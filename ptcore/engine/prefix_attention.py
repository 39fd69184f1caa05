"""The attention function that puts a P-tuning v2 prefix in front of every layer's keys and values.

Why this route: PEFT's prefix tuning hands the prefix over as ``past_key_values``, which BERT-style
encoders in transformers 5 no longer accept (renamed ``cache``, and a cache would also shift the
position ids). Instead we register our own attention implementation under ``ATTENTION_NAME`` and
load backbones with ``attn_implementation=ATTENTION_NAME``.

How the prefix gets here: BERT, RoBERTa, XLM-RoBERTa and ELECTRA in transformers 5.24 pass every
extra keyword of ``Model.forward(**kwargs)`` through encoder, layer and attention module down to
the attention function. So the caller passes the whole prefix as one tensor keyword
(``PREFIX_KWARG``) and each call picks its layer by ``module.layer_idx``; a prefix for the top K
layers only ("late prefix") holds K layers, and the layers below attend without one. Nothing
is stored on modules or in globals: two models, or training and prediction in two threads,
cannot see each other's prefix. The registered functions themselves are stateless. Under
(non-reentrant) gradient checkpointing the keyword travels with the recomputed layer, so
gradients still reach the prefix.

Masking: ``create_bidirectional_mask`` asks ``AttentionMaskInterface`` for a mask builder by the
same name; without one registered it returns no mask at all and padding would be attended. Ours
returns the padding mask as a broadcastable boolean ``(batch, 1, 1, keys)``; the attention
function prepends ``True`` for the prefix columns, so every real token attends to the prefix and
padding stays masked. Position ids come from the input alone, so the prefix never shifts them.
"""

from __future__ import annotations

from typing import Any, cast

import torch
from torch import nn
from transformers import AttentionInterface, PretrainedConfig
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import AttentionMaskInterface

ATTENTION_NAME = "ptcore_prefix_sdpa"
PREFIX_KWARG = "prefix_key_values"


def register_prefix_attention() -> None:
    """Make ``ATTENTION_NAME`` known to transformers (idempotent; both functions are stateless)."""
    AttentionInterface.register(ATTENTION_NAME, prefix_attention_forward)
    AttentionMaskInterface.register(ATTENTION_NAME, padding_mask)


def prefix_attention_forward(
    module: nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    prefix_key_values: torch.Tensor | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """SDPA over ``[prefix; keys]``; ``prefix_key_values`` is ``(layers, 2, batch, heads, P, dim)``
    for the top ``layers`` of the backbone.

    Without a prefix (e.g. while reading activations for initialisation), or below the
    prefixed layers, this is plain SDPA.
    """
    index = prefixed_index(module, prefix_key_values)
    if prefix_key_values is not None and index >= 0:
        prefix_key, prefix_value = prefix_key_values[index].to(key.dtype)
        key = torch.cat([prefix_key, key], dim=2)
        value = torch.cat([prefix_value, value], dim=2)
        attention_mask = _attend_prefix(attention_mask, prefix_key.shape[2])
    return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)


def prefixed_index(module: nn.Module, prefix_key_values: torch.Tensor | None) -> int:
    """Which layer of ``prefix_key_values`` belongs to ``module`` (negative: none, it lies
    below a late prefix)."""
    if prefix_key_values is None:
        return -1
    config = cast(PretrainedConfig, module.config)
    total = config.num_hidden_layers
    return cast(int, module.layer_idx) - (total - prefix_key_values.shape[0])


def padding_mask(
    batch_size: int,
    q_length: int,
    kv_length: int,
    attention_mask: torch.Tensor | None = None,
    **kwargs: Any,
) -> torch.Tensor | None:
    """The boolean padding mask ``(batch, 1, 1, keys)``, or ``None`` when nothing is padded.

    The signature is the one ``create_bidirectional_mask`` calls mask builders with; an encoder
    needs nothing but padding, so the other arguments are unused. Under export the mask is
    always built (``_exporting``).
    """
    if attention_mask is None:
        return None
    if not _exporting() and bool(attention_mask.all()):
        return None
    return attention_mask.bool()[:, None, None, :]


def _exporting() -> bool:
    """Whether an ONNX export is tracing the model: it must keep the mask, whatever the
    example batch's padding, since the exported graph serves padded batches too."""
    return torch.compiler.is_compiling() or torch.jit.is_tracing()


def _attend_prefix(attention_mask: torch.Tensor | None, prefix_len: int) -> torch.Tensor | None:
    """Extend a boolean key mask so the ``prefix_len`` prefix columns are always attended."""
    if attention_mask is None:
        return None
    shape = (*attention_mask.shape[:-1], prefix_len)
    return torch.cat([attention_mask.new_ones(shape), attention_mask], dim=-1)
