"""Int8 prediction on a CPU: dynamic quantization of the frozen backbone's linear layers.

Prediction time on a CPU is the backbone's matrix products (``linear`` was 75 % of a
``predict`` profile on SST-2). Dynamic quantization stores those weights as int8 and quantizes
each batch's activations on the fly, which roughly halves that time; the prefix, the attention
and the task head stay float32. Predictions can change: on briefly trained models 96 % of SST-2
labels and 56 % of CoNLL sentences' entity sets matched float32 (bench/README.md, "Int8
agreement"), so it is an API option only, never the default nor a CLI flag. PyTorch's eager
int8 kernels run on the CPU only. (onnxruntime's own dynamic quantization was tried on
exported graphs and left out: on the tiny test models it moved the logits by as much as their
size.)
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

from ptcore.errors import UserError


def quantize_linear_layers(module: nn.Module) -> None:
    """Replace ``module``'s ``nn.Linear`` layers by int8 dynamic ones, in place (CPU only)."""
    device = next(module.parameters()).device
    if device.type != "cpu":
        raise UserError(f"Int8 prediction runs on the CPU only, not on {device.type}.")
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():  # eager quantization is deprecated in favour of torchao
        warnings.simplefilter("ignore")
        quantize_dynamic(module, {nn.Linear}, dtype=torch.qint8, inplace=True)
