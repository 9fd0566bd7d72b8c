#!/usr/bin/env python3
"""Writes test/fixtures/pytorch/conv1d.safetensors: PyTorch Conv1d cases (weights, input, output
and the gradients of loss = sum(y * r)) that test/nn/conv1d.test.ts compares against.

Run with Debian's python3-torch: `/usr/bin/python3 scripts/make_conv1d_fixtures.py`. The file is
committed, so the tests need no Python. Asymmetric [left, right] padding (ONNX pads) has no
nn.Conv1d form: its reference is F.pad(x, (left, right)) followed by an unpadded conv.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from make_pytorch_fixtures import save_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "pytorch", "conv1d.safetensors")

# name, B, Cin, Cout, K, L, stride, padding, dilation, groups, bias
CASES = [
    ("basic", 2, 3, 5, 3, 11, 1, 0, 1, 1, True),
    ("pad1", 2, 4, 6, 3, 9, 1, 1, 1, 1, True),
    ("stride2", 3, 3, 4, 4, 17, 2, 1, 1, 1, True),
    ("stride3_dil2", 2, 2, 3, 3, 20, 3, 2, 2, 1, False),
    ("groups2", 2, 4, 6, 3, 10, 1, 1, 1, 2, True),
    ("depthwise", 1, 6, 6, 5, 13, 1, 2, 1, 6, True),
    ("same_even_k", 2, 3, 4, 4, 10, 1, "same", 1, 1, True),
    ("same_dil3", 1, 2, 3, 3, 12, 1, "same", 3, 1, True),
    ("valid", 2, 3, 2, 5, 8, 1, "valid", 1, 1, True),
    ("pointwise", 2, 7, 5, 1, 6, 1, 0, 1, 1, True),
    ("asym_pads", 2, 3, 4, 3, 7, 2, [2, 0], 1, 1, True),
    ("asym_pads_r", 1, 2, 2, 2, 6, 1, [0, 3], 2, 1, False),
    ("stft_like", 1, 1, 10, 16, 64, 8, 0, 1, 1, False),
    ("wide", 2, 17, 33, 3, 41, 1, 1, 1, 1, True),
]


def main():
    torch.manual_seed(0)
    tensors, meta = {}, []
    for name, B, Cin, Cout, K, L, stride, padding, dil, groups, bias in CASES:
        asym = isinstance(padding, list)
        conv = torch.nn.Conv1d(Cin, Cout, K, stride=stride, padding=0 if asym else padding,
                               dilation=dil, groups=groups, bias=bias)
        x = torch.randn(B, Cin, L, requires_grad=True)
        y = conv(F.pad(x, tuple(padding)) if asym else x)
        r = torch.randn(y.shape)
        (y * r).sum().backward()
        tensors[f"{name}.weight"] = conv.weight
        if bias:
            tensors[f"{name}.bias"] = conv.bias
            tensors[f"{name}.bias_grad"] = conv.bias.grad
        tensors[f"{name}.x"] = x
        tensors[f"{name}.y"] = y
        tensors[f"{name}.r"] = r
        tensors[f"{name}.x_grad"] = x.grad
        tensors[f"{name}.weight_grad"] = conv.weight.grad
        meta.append({"name": name, "in": Cin, "out": Cout, "k": K, "stride": stride, "padding": padding,
                     "dilation": dil, "groups": groups, "bias": bias})
    save_safetensors(OUT, tensors, {"cases": json.dumps(meta), "torch": torch.__version__})
    print(f"wrote {len(meta)} cases to {OUT}")


if __name__ == "__main__":
    main()
