#!/usr/bin/env python3
"""Makes the ONNX models the rnn benchmark runs on onnxruntime-web (peer), with PyTorch 1.13.

Usage: /usr/bin/python3 bench/make_onnx.py [OUTDIR]   (default bench/models; needs python3-torch,
apt-get install -y python3-torch). Weights are seeded random: the benchmark measures speed only.
Inputs are time-major [T, B, I] because ONNX LSTM/GRU are time-major.
"""
import os
import sys

import torch

WORKLOADS = {
    # name: (cell, B, T, I, H, layers, bidirectional)
    "lstm-infer-b1": ("lstm", 1, 128, 64, 256, 1, False),
    "bilstm-infer-b32": ("lstm", 32, 64, 128, 256, 2, True),
    "gru-infer-b1": ("gru", 1, 128, 64, 256, 1, False),
}


class Wrap(torch.nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "models")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for name, (cell, b, t, i, h, layers, bidir) in WORKLOADS.items():
        cls = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
        model = Wrap(cls(i, h, num_layers=layers, bidirectional=bidir)).eval()
        x = torch.randn(t, b, i)
        path = os.path.join(out, f"{name}.onnx")
        torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], opset_version=14)
        print(path)


if __name__ == "__main__":
    main()
