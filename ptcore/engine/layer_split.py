"""The frozen backbone's forward in two parts, split at the first layer a late prefix reaches.

Below ``first`` no layer sees the prefix, so the states there depend on the input alone and can
be computed once (``layer_cache.py``); from ``first`` up the layers run with the prefix. The two
parts together do exactly what the backbone's own forward does for the supported encoders
(BERT, RoBERTa, XLM-RoBERTa, ELECTRA in transformers 5): embeddings (ELECTRA's projected to the
hidden size), the bidirectional mask the backbone builds for its attention implementation, then
``encoder.layer`` in order.
"""

from __future__ import annotations

from typing import cast

import torch
from torch import nn
from transformers import PreTrainedModel
from transformers.masking_utils import create_bidirectional_mask

from ptcore.engine.prefix_attention import PREFIX_KWARG


def embed(
    backbone: PreTrainedModel, input_ids: torch.Tensor, token_type_ids: torch.Tensor | None
) -> torch.Tensor:
    """The states that enter the first layer, ``(batch, tokens, hidden)``."""
    embeddings = cast(nn.Module, backbone.embeddings)
    states = cast(torch.Tensor, embeddings(input_ids=input_ids, token_type_ids=token_type_ids))
    project = getattr(backbone, "embeddings_project", None)
    return cast(torch.Tensor, project(states)) if project is not None else states


def layer_mask(
    backbone: PreTrainedModel, states: torch.Tensor, attention_mask: torch.Tensor
) -> torch.Tensor | None:
    """The mask the backbone's own forward hands its layers."""
    return cast(
        torch.Tensor | None,
        create_bidirectional_mask(
            config=backbone.config, inputs_embeds=states, attention_mask=attention_mask
        ),
    )


def run_layers(
    backbone: PreTrainedModel,
    states: torch.Tensor,
    attention_mask: torch.Tensor,
    layers: range,
    prefix: torch.Tensor | None = None,
) -> list[torch.Tensor]:
    """Each output of ``layers`` (indices into ``encoder.layer``), starting from ``states``."""
    mask = layer_mask(backbone, states, attention_mask)
    encoder = cast(nn.Module, backbone.encoder)
    modules = cast(nn.ModuleList, encoder.layer)
    extra = {} if prefix is None else {PREFIX_KWARG: prefix}
    outputs = []
    for index in layers:
        states = modules[index](states, mask, **extra)
        outputs.append(states)
    return outputs


def lower_states(
    backbone: PreTrainedModel,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    token_type_ids: torch.Tensor | None,
    first: int,
) -> list[torch.Tensor]:
    """The embeddings and the outputs of the layers below ``first``: ``first + 1`` states, the
    last of them the input of layer ``first``."""
    states = embed(backbone, input_ids, token_type_ids)
    return [states, *run_layers(backbone, states, attention_mask, range(first))]
