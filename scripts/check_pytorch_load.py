#!/usr/bin/env python3
"""Loads rnn-wasm stateDicts (test/fixtures/rnnwasm/*.safetensors) into PyTorch modules by name and
checks that torch reproduces the outputs rnn-wasm saved next to them (*.io.safetensors).

Run with Debian's python3-torch: `/usr/bin/python3 scripts/check_pytorch_load.py`. Exits non-zero on
any missing/unexpected key or output mismatch. The files are read with plain numpy (the same few
lines work with `safetensors.torch.load_file` where that package is installed).
"""
import json
import os
import struct
import sys

import numpy as np
import torch

DIR = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "rnnwasm")
DTYPES = {"F32": "<f4", "I32": "<i4", "I64": "<i8", "F64": "<f8"}
TOL = 1e-5


def load_safetensors(path):
    """safetensors -> ({name: torch.Tensor}, metadata): 8-byte LE header length, JSON, raw data."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n :]
    out = {}
    for name, e in header.items():
        a, b = e["data_offsets"]
        arr = np.frombuffer(data[a:b], dtype=DTYPES[e["dtype"]]).reshape(e["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out, meta


class Classifier(torch.nn.Module):
    """Embedding -> BiLSTM -> Linear on [h_fwd, h_bwd] (test/io/classifier.ts)."""

    def __init__(self, vocab, emb, hidden, classes):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, emb)
        self.lstm = torch.nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.linear = torch.nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        _, (h, _) = self.lstm(self.embedding(tokens))
        return self.linear(torch.cat([h[0], h[1]], dim=1))


def build(cfg):
    if cfg.get("model") == "classifier":
        return Classifier(cfg["vocab"], cfg["emb"], cfg["hidden"], cfg["classes"])
    common = dict(num_layers=cfg["numLayers"], bidirectional=cfg["bidirectional"], batch_first=True)
    if cfg["cell"] == "lstm":
        return torch.nn.LSTM(cfg["inputSize"], cfg["hiddenSize"], **common)
    if cfg["cell"] == "gru":
        return torch.nn.GRU(cfg["inputSize"], cfg["hiddenSize"], **common)
    return torch.nn.RNN(cfg["inputSize"], cfg["hiddenSize"], nonlinearity=cfg["nonlinearity"], **common)


def run(model, cfg, inputs):
    if cfg.get("model") == "classifier":
        return {"logits": model(inputs["tokens"].long())}
    x = inputs["x"]
    if "lengths" in inputs:
        # rnn-wasm's lengths = pack_padded_sequence; padded output steps are zero in both.
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, inputs["lengths"].long(), batch_first=True, enforce_sorted=False)
        out, state = model(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    else:
        out, state = model(x)
    if cfg["cell"] == "lstm":
        return {"output": out, "h": state[0], "c": state[1]}
    return {"output": out, "h": state}


def main():
    names = sorted(f[: -len(".io.safetensors")] for f in os.listdir(DIR) if f.endswith(".io.safetensors"))
    if not names:
        print(f"no fixtures in {DIR}")
        return 1
    failed = 0
    for name in names:
        weights, meta = load_safetensors(os.path.join(DIR, f"{name}.safetensors"))
        io, io_meta = load_safetensors(os.path.join(DIR, f"{name}.io.safetensors"))
        cfg = json.loads(io_meta["config"])
        model = build(cfg).eval()
        result = model.load_state_dict(weights, strict=True)  # raises on missing/unexpected/shape
        inputs = {k[len("input.") :]: v for k, v in io.items() if k.startswith("input.")}
        with torch.no_grad():
            got = run(model, cfg, inputs)
        worst = 0.0
        for key, want in ((k[len("expected.") :], v) for k, v in io.items() if k.startswith("expected.")):
            err = ((got[key] - want).abs() / (1 + want.abs())).max().item()
            worst = max(worst, err)
        ok = worst < TOL
        failed += not ok
        print(f"{name}: {len(weights)} tensors loaded ({meta.get('producer', '?')}), {result}, "
              f"outputs {sorted(k for k in io if k.startswith('expected.'))} worst rel err {worst:.2e} -> {'OK' if ok else 'MISMATCH'}")
    print(f"{len(names) - failed}/{len(names)} models match")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
