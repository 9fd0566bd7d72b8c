#!/usr/bin/env python3
"""Writes PyTorch interop fixtures: state_dicts saved as safetensors, plus inputs and outputs.

Run once with Debian's python3-torch (`/usr/bin/python3 scripts/make_pytorch_fixtures.py`); the
small files in test/fixtures/pytorch/ are committed, so tests need no Python. safetensors is
written by hand (8-byte little-endian header length, JSON header, raw little-endian data),
exactly as `safetensors.torch.save_file` lays it out, because Debian has no safetensors package.
"""
import json
import os
import struct

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "pytorch")


def save_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy() if torch.is_tensor(t) else t)
        dtype = {np.dtype("float32"): "F32", np.dtype("int64"): "I64", np.dtype("int32"): "I32"}[a.dtype]
        raw = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


class Classifier(torch.nn.Module):
    """Embedding -> BiLSTM -> Linear on the concatenated final states."""

    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(20, 8)
        self.lstm = torch.nn.LSTM(8, 6, batch_first=True, bidirectional=True)
        self.linear = torch.nn.Linear(12, 3)

    def forward(self, tokens):
        out, (h, c) = self.lstm(self.embedding(tokens))
        return self.linear(torch.cat([h[0], h[1]], dim=1))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(1234)
    cases = {}

    lstm = torch.nn.LSTM(5, 6, num_layers=2, bidirectional=True, batch_first=True)
    x = torch.randn(3, 4, 5)
    out, (h, c) = lstm(x)
    cases["lstm_bi2"] = (lstm, {"x": x}, {"output": out, "h": h, "c": c},
                         {"cell": "lstm", "inputSize": 5, "hiddenSize": 6, "numLayers": 2, "bidirectional": True})

    gru = torch.nn.GRU(4, 5, batch_first=True)
    x = torch.randn(2, 3, 4)
    out, h = gru(x)
    cases["gru"] = (gru, {"x": x}, {"output": out, "h": h},
                    {"cell": "gru", "inputSize": 4, "hiddenSize": 5, "numLayers": 1, "bidirectional": False})

    rnn = torch.nn.RNN(3, 4, num_layers=2, nonlinearity="relu", batch_first=True)
    x = torch.randn(2, 5, 3)
    out, h = rnn(x)
    cases["rnn_relu2"] = (rnn, {"x": x}, {"output": out, "h": h},
                          {"cell": "rnn", "nonlinearity": "relu", "inputSize": 3, "hiddenSize": 4, "numLayers": 2, "bidirectional": False})

    clf = Classifier()
    tokens = torch.randint(0, 20, (2, 5))
    cases["classifier"] = (clf, {"tokens": tokens.to(torch.int32)}, {"logits": clf(tokens)},
                           {"model": "classifier"})

    for name, (module, inputs, outputs, config) in cases.items():
        save_safetensors(os.path.join(OUT, f"{name}.safetensors"), module.state_dict(), {"format": "pt"})
        io = {f"input.{k}": v for k, v in inputs.items()}
        io.update({f"expected.{k}": v for k, v in outputs.items()})
        save_safetensors(os.path.join(OUT, f"{name}.io.safetensors"), io, {"config": json.dumps(config)})
        print(name, [k for k in module.state_dict()])


if __name__ == "__main__":
    with torch.no_grad():
        main()
