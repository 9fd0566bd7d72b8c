// Recurrent workloads: rnn-wasm (each build) against onnxruntime-web, onnxruntime-node (native,
// one thread) and tfjs-layers (wasm backend) in the same run. `npm run bench -- rnn`
// (RNN_BENCH=name,name runs a subset). Ours run through the public API (dist/); the ONNX peers
// run our own model, exported with rnn-wasm/onnx's exportOnnx, and their output is checked
// against ours. The contestants of a workload take turns in blocks of runs (see roundRobin), so
// that on a shared machine all of them see the same load; min and median are both reported, and
// each peer line carries the speedup of ours over it from both.
// A peer that cannot run is an error line, a loud message on stderr and a failed run (nonzero
// exit) at the end, unless RNN_BENCH_SKIP names it (comma-separated prefixes: `tfjs`,
// `onnxruntime-web`, `onnxruntime` for both ONNX peers).
import { WORKLOADS, tfjsInferRunner, tfjsTrainRunner, ortWebInferRunner, ortNodeInferRunner } from './_rnn_peers.mjs';
import { emit, round } from './_stats.mjs';

// RNN_DIST=/path/to/dist/index.js benchmarks another build of the package (before/after runs);
// its ONNX entry is the onnx/index.js beside it.
const distUrl = process.env.RNN_DIST ? new URL(process.env.RNN_DIST, `file://${process.cwd()}/`) : new URL('../dist/index.js', import.meta.url);
const lib = await import(distUrl.href);
const { createRuntime, setRuntime, Tensor, nn, noGrad, optim, crossEntropy, reshape } = lib;

const BUILDS = ['relaxed', 'simd'];
// Threaded contestants (init({ threads })): the relaxed build on 2 threads, in the same rounds as
// its 1-thread run, so the two see the same load (RNN_BENCH_THREADS=2,3 for more).
const THREADS = (process.env.RNN_BENCH_THREADS ?? '2').split(',').map(Number).filter((n) => n > 1);
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

const SKIP = (process.env.RNN_BENCH_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const failures = [];

/**
 * The workload's model in time-major form (the layout of the ONNX recurrent operators) and its
 * ONNX bytes from exportOnnx; `check(output)` compares a peer's output for `x` with ours.
 */
async function onnxModel(w) {
  const { exportOnnx } = await import(new URL('./onnx/index.js', distUrl).href);
  const Cls = w.cell === 'lstm' ? nn.LSTM : nn.GRU;
  const model = new Cls({ inputSize: w.I, hiddenSize: w.H, numLayers: w.L, bidirectional: w.bidir, batchFirst: false });
  const bytes = exportOnnx(model, { input: [w.T, w.B, w.I] });
  const x = randn(w.T * w.B * w.I, 5);
  const want = noGrad(() => model.forward(Tensor.from(x, [w.T, w.B, w.I])).output.toArray());
  return {
    bytes,
    x,
    /** Largest |peer - ours| over the output; throws when the peer computes something else. */
    check(got) {
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      if (!(got.length === want.length && worst <= 1e-4)) throw new Error(`its output differs from ours (max |diff| ${worst}, ${got.length} vs ${want.length} values)`);
      return worst;
    },
  };
}

// Returns { runner, diff } or null (skipped, or failed: recorded in `failures`).
async function peerRunner(peer, name, train, onnx) {
  if (SKIP.some((s) => peer.startsWith(s))) {
    emit({ bench: name, peer, runtime: 'node', skipped: 'RNN_BENCH_SKIP' });
    return null;
  }
  try {
    if (peer.startsWith('onnxruntime')) {
      const m = await onnx(); // throws (e.g. a dist/ without the onnx entry) into the failure below
      const runner = await (peer === 'onnxruntime-web' ? ortWebInferRunner : ortNodeInferRunner)(name, m.bytes);
      try {
        return { runner, diff: m.check(await runner.outputFor(m.x)) };
      } catch (e) {
        await runner.dispose();
        throw e;
      }
    }
    return { runner: train ? await tfjsTrainRunner(name) : await tfjsInferRunner(name), diff: null };
  } catch (e) {
    const why = String(e?.message ?? e).slice(0, 300);
    emit({ bench: name, peer, runtime: 'node', error: why });
    console.error(`\n*** ${name}: peer ${peer} cannot run: ${why}\n*** This run will FAIL. To run without it: RNN_BENCH_SKIP=${peer}\n`);
    failures.push(`${name}/${peer}: ${why}`);
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
      contestants.push({ key: build, rt, run: fn, before: () => setRuntime(rt) });
      if (!train && INT8) contestants.push({ key: `${build}-int8`, run: ourInfer(rt, w, true), before: () => setRuntime(rt) });
    }
    for (const threads of THREADS) {
      const rt = await createRuntime({ simd: 'relaxed', threads });
      setRuntime(rt);
      const fn = train ? ourTrain(rt, w) : ourInfer(rt, w);
      contestants.push({ key: `relaxed@${threads}`, run: fn, before: () => setRuntime(rt), rt, threaded: true });
    }
    const peers = [];
    // The ONNX peers are inference engines: the training workload has tfjs-layers only.
    let onnx = null;
    const onnxOnce = () => (onnx ??= (setRuntime(contestants[0].rt), onnxModel(w)));
    for (const peer of train ? ['tfjs-layers-wasm'] : ['onnxruntime-web', 'onnxruntime-node', 'tfjs-layers-wasm']) {
      const r = await peerRunner(peer, name, train, onnxOnce);
      if (!r) continue;
      peers.push([peer, r.runner, r.diff]);
      contestants.push({ key: peer, run: r.runner.run });
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
      emit({ bench: name, runtime: 'node', build, threads: 1, unit, median: round(s[build].median), min: round(s[build].min), max: round(s[build].max) });
      const q = s[`${build}-int8`];
      if (q) {
        // kernels: which int8 product ran: the relaxed dot-add only where the engine computes it
        // right, its i16 form on Node 20's relaxed build, plain SIMD on an i16 copy of the codes in
        // the SIMD build (src/nn/quantized/kernels.ts).
        const kernels = build !== 'relaxed' ? 'simd-i16' : nn.relaxedDotTrusted() ? 'relaxed-dot' : 'relaxed-i16-dot';
        emit({
          bench: name, runtime: 'node', build, quantize: 'int8', kernels, unit, median: round(q.median), min: round(q.min), max: round(q.max),
          ratio_vs_float32: round(q.median / s[build].median, 3), ratio_min_vs_float32: round(q.min / s[build].min, 3),
        });
      }
    }
    for (const c of contestants.filter((x) => x.threaded)) {
      const t = s[c.key];
      emit({
        bench: name, runtime: 'node', build: 'relaxed', threads: c.rt.threads, unit, median: round(t.median), min: round(t.min), max: round(t.max),
        vs_1_thread: round(t.median / s.relaxed.median, 2), vs_1_thread_min: round(t.min / s.relaxed.min, 2),
      });
      c.rt.close();
    }
    for (const [peer, , diff] of peers) {
      const p = s[peer];
      const ratios = {};
      for (const b of BUILDS) {
        ratios[`speedup_${b}`] = round(p.median / s[b].median, 2); // medians
        ratios[`speedup_min_${b}`] = round(p.min / s[b].min, 2);
      }
      const check = diff === null ? {} : { max_abs_diff_vs_ours: diff };
      emit({ bench: name, runtime: 'node', peer, unit, median: round(p.median), min: round(p.min), max: round(p.max), ...ratios, ...check });
    }
  }
  if (failures.length) {
    throw new Error(`bench rnn: ${failures.length} peer(s) could not run (set RNN_BENCH_SKIP to leave them out):\n  ${failures.join('\n  ')}`);
  }
}
