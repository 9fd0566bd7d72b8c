// Our side of the recurrent benchmarks, host-neutral (no Node imports): the inference and training
// units of work and the round-robin timer. bench/rnn.mjs (Node) and bench/_rnn_host.mjs (Deno, a
// Chromium page) use the same code, so their figures measure the same thing. `lib` is the package.

export function randn(n, seed) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

// One forward pass (no grad) reading the output back to JS, as a caller would. int8: the same
// model through nn.quantizeDynamic (int8 weights, x and h quantized per step).
export function ourInfer(lib, rt, w, int8 = false) {
  const { nn, noGrad, Tensor } = lib;
  const Cls = w.cell === 'lstm' ? nn.LSTM : nn.GRU;
  let model = new Cls({ inputSize: w.I, hiddenSize: w.H, numLayers: w.L, bidirectional: w.bidir });
  if (int8) model = nn.quantizeDynamic(model.eval(), { dtype: 'int8' });
  const xs = randn(w.B * w.T * w.I, 7);
  return () => {
    noGrad(() => {
      const x = Tensor.from(xs, [w.B, w.T, w.I]);
      model.forward(x).output.data();
    });
    rt.resetStep();
  };
}

// One training step: LSTM -> Linear(classes) on every step's output, mean CE over B*T, BPTT, Adam.
export function ourTrain(lib, rt, w) {
  const { nn, optim, Tensor, crossEntropy, reshape } = lib;
  const lstm = new nn.LSTM({ inputSize: w.I, hiddenSize: w.H });
  const head = new nn.Linear(w.H, w.classes);
  const opt = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const xs = randn(w.B * w.T * w.I, 11);
  const ys = Int32Array.from({ length: w.B * w.T }, (_, i) => (i * 7919) % w.classes);
  return () => {
    opt.zeroGrad();
    const x = Tensor.from(xs, [w.B, w.T, w.I]);
    const out = lstm.forward(x).output; // [B, T, H]
    const logits = head.forward(reshape(out, [w.B * w.T, w.H]));
    const loss = crossEntropy(logits, Tensor.from(ys, [w.B * w.T], { dtype: 'int32' }));
    loss.backward();
    opt.step(); // also ends the step (resets the step arena)
  };
}

/**
 * The workload's model in time-major form (the layout of the ONNX recurrent operators) and its
 * ONNX bytes from `exportOnnx` (rnn-wasm/onnx); `check(output)` compares a peer's output for `x`
 * with ours.
 */
export function timeMajorModel(lib, exportOnnx, w) {
  const { nn, noGrad, Tensor } = lib;
  const Cls = w.cell === 'lstm' ? nn.LSTM : nn.GRU;
  const model = new Cls({ inputSize: w.I, hiddenSize: w.H, numLayers: w.L, bidirectional: w.bidir, batchFirst: false });
  const bytes = exportOnnx(model, { input: [w.T, w.B, w.I] });
  const x = randn(w.T * w.B * w.I, 5);
  const want = noGrad(() => model.forward(Tensor.from(x, [w.T, w.B, w.I])).output.toArray());
  return {
    bytes,
    x,
    /** [name, shape, Float32Array] per parameter, PyTorch's names (the PyTorch peer loads them). */
    params: [...model.namedParameters()].map(([n, p]) => [n, p.shape, p.toArray()]),
    /** Largest |peer - ours| over the output; throws when the peer computes something else. */
    check(got) {
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      if (!(got.length === want.length && worst <= 1e-4)) throw new Error(`its output differs from ours (max |diff| ${worst}, ${got.length} vs ${want.length} values)`);
      return worst;
    },
  };
}

const stats = (ts) => {
  const s = [...ts].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
};

// contestants: [{ key, run (maybe async), before?, selfTimed? }]; returns key -> stats. Contestants
// take turns in blocks: each round runs every contestant `block` times in a row, so all of them see
// the same machine conditions (drift and noise are shared), and each measures its steady state, as
// a server answering requests one after another does. With block = 1 every run follows the other
// contestants' runs and starts from their caches (RNN_BENCH_BLOCK=1; on lstm-infer-b1 that adds
// about 0.2 ms to ours and 0.1-0.2 ms to onnxruntime-web's). `warmup` rounds (at least warmMs
// long) first, then timed rounds until every contestant has `reps` runs.
// Warm-up lasts at least warmMs: V8 compiles hot wasm functions again with its optimizing tier
// in background threads (onnxruntime-web's module is megabytes), and a timed run that overlapped
// that compile on this 2-core machine measured up to 30% slower.
// A `selfTimed` contestant (a peer in another process) returns its own time in ms from run(), so
// the time of the message to it and back is not counted.
export async function roundRobin(contestants, warmup, reps, block, warmMs) {
  const t0 = performance.now();
  for (let r = 0; r < warmup || performance.now() - t0 < warmMs; r++) {
    for (const c of contestants) { c.before?.(); await c.run(); }
  }
  const times = Object.fromEntries(contestants.map((c) => [c.key, []]));
  for (let r = 0; r < reps; r += block) {
    for (const c of contestants) {
      c.before?.();
      for (let i = 0; i < block && r + i < reps; i++) {
        const t1 = performance.now();
        const ms = await c.run();
        times[c.key].push(c.selfTimed ? ms : performance.now() - t1);
      }
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, stats(t)]));
}
