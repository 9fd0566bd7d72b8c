# PyTorch (CPU, one thread) as a peer of bench/rnn.mjs, driven through bench/_rnn_child.mjs: one
# JSON object per line. Setup: {"name", "w" (the workload), "train", "threads"} and, for inference,
# "params" (a float32 file: the parameters of our model, in the order of "names" [[name, shape]]),
# "x" (an input, T B I) and "out" (where to write the output for it, for the parent to check).
# Inference is our model (time-major, as exported to ONNX) with our weights; the training step is
# bench/rnn.mjs's: LSTM -> Linear(classes) on every step, mean cross-entropy over B*T, BPTT, Adam.
# Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: with them OpenBLAS picks an old kernel.
import json
import sys
import time

try:
    import numpy as np
    import torch
except Exception as e:  # noqa: BLE001 (the parent prints why the peer is skipped)
    print(json.dumps({"error": "no torch: %s" % e, "skip": True}), flush=True)
    sys.exit(0)


def reply(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def blas():
    """The BLAS torch's products run on (Linux): (kind, library paths). Debian's python3-torch calls
    whichever libblas.so.3 the system links, and the reference (netlib) one is 10 to 20x slower than
    OpenBLAS (libopenblas0)."""
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({l.split()[-1] for l in f if "blas" in l.lower() and ".so" in l})
    except OSError:
        return "unknown", ""
    joined = ", ".join(libs)
    kind = "openblas" if "openblas" in joined else "mkl" if "mkl" in joined else \
        "reference" if "/blas/libblas" in joined else "unknown"
    return kind, joined


def inference(setup):
    w = setup["w"]
    cls = torch.nn.LSTM if w["cell"] == "lstm" else torch.nn.GRU
    model = cls(w["I"], w["H"], num_layers=w["L"], bidirectional=w["bidir"])
    flat = np.fromfile(setup["params"], dtype=np.float32)
    state, at = {}, 0
    for name, shape in setup["names"]:
        n = int(np.prod(shape))
        state[name] = torch.from_numpy(flat[at:at + n].reshape(shape).copy())
        at += n
    model.load_state_dict(state)
    model.eval()
    shape = (w["T"], w["B"], w["I"])
    with torch.no_grad():
        x = torch.from_numpy(np.fromfile(setup["x"], dtype=np.float32).reshape(shape))
        model(x)[0].numpy().astype(np.float32).tofile(setup["out"])
    xr = torch.rand(shape) - 0.5

    def run():
        with torch.no_grad():
            model(xr)

    return run


def training(setup):
    w = setup["w"]
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(w["I"], w["H"], batch_first=True)
    head = torch.nn.Linear(w["H"], w["classes"])
    opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=1e-3)
    x = torch.rand(w["B"], w["T"], w["I"]) - 0.5
    y = torch.tensor([(i * 7919) % w["classes"] for i in range(w["B"] * w["T"])])

    def run():
        opt.zero_grad()
        out = lstm(x)[0]
        loss = torch.nn.functional.cross_entropy(head(out.reshape(-1, w["H"])), y)
        loss.backward()
        opt.step()

    return run


def main():
    run = None
    for line in sys.stdin:
        line = line.strip()
        try:
            if line == "quit":
                return
            if run is None:
                setup = json.loads(line)
                torch.set_num_threads(setup["threads"])
                torch.set_num_interop_threads(1)
                run = training(setup) if setup["train"] else inference(setup)
                kind, libs = blas()
                reply({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                       "blas": kind, "blas_lib": libs})
            else:
                t0 = time.perf_counter()
                run()
                reply({"ms": (time.perf_counter() - t0) * 1000})
        except Exception as e:  # noqa: BLE001 (reported to the parent, which fails the run)
            reply({"error": "%s: %s" % (type(e).__name__, e)})


main()
