#!/usr/bin/env python3
"""float64 PyTorch outputs for the int8 accuracy test (test/nn/quantized_pytorch.test.ts).

  node test/nn/int8_reference_cases.mjs /tmp/int8_in.safetensors
  /usr/bin/python3 scripts/make_int8_fixtures.py /tmp/int8_in.safetensors

Reads the cases' weights and inputs (made from seeds in JS), runs torch.nn.LSTM / GRU in float64,
and writes every hidden state (rounded to float32) to test/fixtures/pytorch/int8_reference.safetensors.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "pytorch", "int8_reference.safetensors")


def read_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        a, b = h["data_offsets"]
        out[name] = np.frombuffer(raw[base + a:base + b], dtype="<f4").reshape(h["shape"])
    return out


def save_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, a in tensors.items():
        raw = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    t = read_safetensors(sys.argv[1])
    names = sorted({k.split(".")[0] for k in t})
    out = {}
    for case in names:
        cell = case.split("_")[0]
        w_ih = t[f"{case}.weight_ih_l0"]
        I, H = w_ih.shape[1], t[f"{case}.weight_hh_l0"].shape[1]
        mod = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(I, H, batch_first=True).double()
        with torch.no_grad():
            for p in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]:
                getattr(mod, p).copy_(torch.from_numpy(t[f"{case}.{p}"].astype(np.float64)))
            y, _ = mod(torch.from_numpy(t[f"{case}.x"].astype(np.float64)))
        out[f"{case}.output"] = y.numpy().astype(np.float32)
        print(case, y.shape)
    save_safetensors(OUT, out, {"source": f"torch {torch.__version__} float64", "cases": ",".join(names)})


main()
