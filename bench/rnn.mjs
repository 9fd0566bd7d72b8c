// Recurrent workloads: rnn-wasm (each build) against onnxruntime-web and tfjs-layers (wasm
// backend) in the same run. `npm run bench -- rnn` (RNN_BENCH=name,name runs a subset). Ours run
// through the public API (dist/). The contestants of a workload take turns in blocks of runs
// (see roundRobin), so that on a shared machine all of them see the same load; min and median
// are both reported, and each peer line carries the speedup of ours over it from both.
import { WORKLOADS, tfjsInferRunner, tfjsTrainRunner, onnxInferRunner } from './_rnn_peers.mjs';
import { emit, round } from './_stats.mjs';

// RNN_DIST=/path/to/dist/index.js benchmarks another build of the package (before/after runs).
const lib = await import(process.env.RNN_DIST ? new URL(process.env.RNN_DIST, `file://${process.cwd()}/`).href : '../dist/index.js');
const { createRuntime, setRuntime, Tensor, nn, noGrad, optim, crossEntropy, reshape } = lib;

const BUILDS = ['relaxed', 'simd'];
// int8 rows (nn.quantizeDynamic) beside float32 for the inference workloads; RNN_BENCH_INT8=0 skips them.
const INT8 = process.env.RNN_BENCH_INT8 !== '0';

function randn(n, seed) {
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
function ourInfer(rt, w, int8 = false) {
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
function ourTrain(rt, w) {
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

const stats = (ts) => {
  const s = [...ts].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
};

// contestants: [{ key, run (maybe async), before? }]; returns key -> stats. Contestants take turns
// in blocks: each round runs every contestant `block` times in a row, so all of them see the same
// machine conditions (drift and noise are shared), and each measures its steady state, as a
// server answering requests one after another does. With block = 1 every run follows the other
// contestants' runs and starts from their caches (RNN_BENCH_BLOCK=1; on lstm-infer-b1 that adds
// about 0.2 ms to ours and 0.1-0.2 ms to onnxruntime-web's). `warmup` rounds (at least WARM_MS
// long) first, then timed rounds until every contestant has `reps` runs.
// Warm-up lasts at least WARM_MS: V8 compiles hot wasm functions again with its optimizing tier
// in background threads (onnxruntime-web's module is megabytes), and a timed run that overlapped
// that compile on this 2-core machine measured up to 30% slower.
const WARM_MS = Number(process.env.RNN_BENCH_WARM_MS ?? 3000);
async function roundRobin(contestants, warmup, reps, block) {
  const t0 = performance.now();
  for (let r = 0; r < warmup || performance.now() - t0 < WARM_MS; r++) {
    for (const c of contestants) { c.before?.(); await c.run(); }
  }
  const times = Object.fromEntries(contestants.map((c) => [c.key, []]));
  for (let r = 0; r < reps; r += block) {
    for (const c of contestants) {
      c.before?.();
      for (let i = 0; i < block && r + i < reps; i++) {
        const t1 = performance.now();
        await c.run();
        times[c.key].push(performance.now() - t1);
      }
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, stats(t)]));
}

async function peerRunner(peer, name, train) {
  try {
    if (peer === 'onnxruntime-web') {
      if (train) return null; // inference only
      const r = await onnxInferRunner(name);
      if (!r) emit({ bench: name, peer, runtime: 'node', error: 'no ONNX model: needs /usr/bin/python3 with torch (apt-get install -y python3-torch)' });
      return r;
    }
    return train ? await tfjsTrainRunner(name) : await tfjsInferRunner(name);
  } catch (e) {
    emit({ bench: name, peer, runtime: 'node', error: String(e).slice(0, 200) });
    return null;
  }
}

export default async function run() {
  const only = process.env.RNN_BENCH?.split(',');
  for (const name of Object.keys(WORKLOADS).filter((n) => !only || only.includes(n))) {
    const w = WORKLOADS[name];
    const train = name.includes('train');
    const big = w.B > 1;
    const unit = train ? 'ms/step' : 'ms';
    const contestants = [];
    for (const build of BUILDS) {
      const rt = await createRuntime({ simd: build });
      setRuntime(rt);
      const fn = train ? ourTrain(rt, w) : ourInfer(rt, w);
      contestants.push({ key: build, run: fn, before: () => setRuntime(rt) });
      if (!train && INT8) contestants.push({ key: `${build}-int8`, run: ourInfer(rt, w, true), before: () => setRuntime(rt) });
    }
    const peers = [];
    for (const peer of (process.env.RNN_BENCH_PEERS ?? 'onnxruntime-web,tfjs-layers-wasm').split(',').filter(Boolean)) {
      const r = await peerRunner(peer, name, train);
      if (!r) continue;
      peers.push([peer, r]);
      contestants.push({ key: peer, run: r.run });
    }
    let s;
    try {
      // The same number of timed runs for everyone (tfjs-layers takes ~0.7 s a run on the big ones).
      const block = Number(process.env.RNN_BENCH_BLOCK ?? (big || train ? 1 : 10));
      s = await roundRobin(contestants, big || train ? 2 : 5, big || train ? 6 : 60, block);
    } finally {
      for (const [, r] of peers) await r.dispose();
    }
    for (const build of BUILDS) {
      emit({ bench: name, runtime: 'node', build, unit, median: round(s[build].median), min: round(s[build].min), max: round(s[build].max) });
      const q = s[`${build}-int8`];
      if (q) {
        // kernels: which int8 product ran (the relaxed dot only where the engine computes it right).
        const kernels = build === 'relaxed' && nn.relaxedDotTrusted() ? 'relaxed' : 'widen';
        emit({
          bench: name, runtime: 'node', build, quantize: 'int8', kernels, unit, median: round(q.median), min: round(q.min), max: round(q.max),
          ratio_vs_float32: round(q.median / s[build].median, 3), ratio_min_vs_float32: round(q.min / s[build].min, 3),
        });
      }
    }
    for (const [peer] of peers) {
      const p = s[peer];
      const ratios = {};
      for (const b of BUILDS) {
        ratios[`speedup_${b}`] = round(p.median / s[b].median, 2); // medians
        ratios[`speedup_min_${b}`] = round(p.min / s[b].min, 2);
      }
      emit({ bench: name, runtime: 'node', peer, unit, median: round(p.median), min: round(p.min), max: round(p.max), ...ratios });
    }
  }
}
