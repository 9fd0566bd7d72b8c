// Recurrent workloads: rnn-wasm (each build) against onnxruntime-web, onnxruntime-node (native,
// one thread) and tfjs-layers (wasm backend) in the same run. `npm run bench -- rnn`
// (RNN_BENCH=name,name runs a subset). Ours run through the public API (dist/); the ONNX peers
// run our own model, exported with rnn-wasm/onnx's exportOnnx, and their output is checked
// against ours. The contestants of a workload take turns in blocks of runs (see roundRobin), so
// that on a shared machine all of them see the same load; min and median are both reported, and
// each peer line carries the speedup of ours over it from both.
// Peers in processes of their own, in the same rounds (bench/_rnn_child.mjs): onnxruntime-web at 2
// threads (`onnxruntime-web@2`; its thread count is fixed per process) and PyTorch at 1 thread (native,
// Debian's python3-torch; its row says `skipped` and why where there is no Python with torch).
// A peer that cannot run is an error line, a loud message on stderr and a failed run (nonzero
// exit) at the end, unless RNN_BENCH_SKIP names it (comma-separated prefixes: `tfjs`,
// `onnxruntime-web`, `onnxruntime` for both ONNX peers, `pytorch`).
// The same workloads in Deno and a cross-origin-isolated Chromium page: bench/rnn-deno.mjs,
// bench/rnn-chromium.mjs (ours only, 1 and 2 threads).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKLOADS, tfjsInferRunner, tfjsTrainRunner, ortWebInferRunner, ortNodeInferRunner } from './_rnn_peers.mjs';
import { ourInfer as infer, ourTrain as trainStep, roundRobin, timeMajorModel } from './_rnn_ours.mjs';
import { ortWebChild, torchChild } from './_rnn_child.mjs';
import { emit, round } from './_stats.mjs';

// RNN_DIST=/path/to/dist/index.js benchmarks another build of the package (before/after runs);
// its ONNX entry is the onnx/index.js beside it.
const distUrl = process.env.RNN_DIST ? new URL(process.env.RNN_DIST, `file://${process.cwd()}/`) : new URL('../dist/index.js', import.meta.url);
const lib = await import(distUrl.href);
const { createRuntime, setRuntime, nn } = lib;

const BUILDS = ['relaxed', 'simd'];
// Threaded contestants (init({ threads })): the relaxed build on 2 threads, in the same rounds as
// its 1-thread run, so the two see the same load (RNN_BENCH_THREADS=2,3 for more).
const THREADS = (process.env.RNN_BENCH_THREADS ?? '2').split(',').map(Number).filter((n) => n > 1);
// int8 rows (nn.quantizeDynamic) beside float32 for the inference workloads; RNN_BENCH_INT8=0 skips them.
const INT8 = process.env.RNN_BENCH_INT8 !== '0';

const ourInfer = (rt, w, int8) => infer(lib, rt, w, int8);
const ourTrain = (rt, w) => trainStep(lib, rt, w);
const WARM_MS = Number(process.env.RNN_BENCH_WARM_MS ?? 3000);

const SKIP = (process.env.RNN_BENCH_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const failures = [];

/** The workload's model exported to ONNX, with our output for a check (_rnn_ours.mjs). */
async function onnxModel(w) {
  const { exportOnnx } = await import(new URL('./onnx/index.js', distUrl).href);
  return timeMajorModel(lib, exportOnnx, w);
}

// Where each peer runs and on how many threads ('onnxruntime-web@2': 2).
const peerRuntime = (peer) => (peer === 'pytorch' ? 'python' : 'node');
const peerThreads = (peer) => (peer.includes('@') ? Number(peer.split('@')[1]) : 1);

// Returns { runner, diff } or null (skipped, or failed: recorded in `failures`).
async function peerRunner(peer, name, train, onnx, tmp) {
  const where = { bench: name, peer, runtime: peerRuntime(peer), threads: peerThreads(peer) };
  if (SKIP.some((s) => peer.startsWith(s))) {
    emit({ ...where, skipped: 'RNN_BENCH_SKIP' });
    return null;
  }
  try {
    if (peer === 'pytorch') {
      const m = train ? null : await onnx();
      const r = await torchChild(name, WORKLOADS[name], m, tmp).catch((e) => {
        if (e.skip) emit({ ...where, skipped: String(e.message) });
        if (e.skip) return null;
        throw e;
      });
      if (r === null) return null;
      if (r.info.blas === 'reference') {
        console.error(`\n*** ${name}: PyTorch runs on the reference BLAS (${r.info.blas_lib}): its figures are 10-20x those with OpenBLAS (apt-get install libopenblas0, or LD_LIBRARY_PATH to an OpenBLAS libblas.so.3)\n`);
      }
      try {
        return { runner: r.runner, diff: r.got === null ? null : m.check(r.got), info: { torch: r.info.torch, blas: r.info.blas, blas_lib: r.info.blas_lib } };
      } catch (e) {
        await r.runner.dispose();
        throw e;
      }
    }
    if (peer.startsWith('onnxruntime-web@')) {
      const m = await onnx();
      const r = await ortWebChild(name, m, peerThreads(peer), tmp);
      try {
        return { runner: r.runner, diff: m.check(r.got) };
      } catch (e) {
        await r.runner.dispose();
        throw e;
      }
    }
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
    emit({ ...where, error: why });
    console.error(`\n*** ${name}: peer ${peer} cannot run: ${why}\n*** This run will FAIL. To run without it: RNN_BENCH_SKIP=${peer}\n`);
    failures.push(`${name}/${peer}: ${why}`);
    return null;
  }
}

export default async function run() {
  const tmp = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
  try {
    await runAll(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failures.length) {
    throw new Error(`bench rnn: ${failures.length} peer(s) could not run (set RNN_BENCH_SKIP to leave them out):\n  ${failures.join('\n  ')}`);
  }
}

async function runAll(tmp) {
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
    // The ONNX peers are inference engines: the training workload has PyTorch and tfjs-layers.
    let onnx = null;
    const onnxOnce = () => (onnx ??= (setRuntime(contestants[0].rt), onnxModel(w)));
    const ortWebThreaded = THREADS.map((n) => `onnxruntime-web@${n}`);
    for (const peer of train ? ['pytorch', 'tfjs-layers-wasm'] : ['onnxruntime-web', ...ortWebThreaded, 'onnxruntime-node', 'pytorch', 'tfjs-layers-wasm']) {
      const r = await peerRunner(peer, name, train, onnxOnce, tmp);
      if (!r) continue;
      peers.push([peer, r.runner, r.diff, r.info]);
      contestants.push({ key: peer, run: r.runner.run, selfTimed: r.runner.selfTimed === true });
    }
    let s;
    try {
      // The same number of timed runs for everyone (tfjs-layers takes ~0.7 s a run on the big ones).
      const block = Number(process.env.RNN_BENCH_BLOCK ?? (big || train ? 1 : 10));
      s = await roundRobin(contestants, big || train ? 2 : 5, big || train ? 6 : 60, block, WARM_MS);
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
    for (const [peer, , diff, info] of peers) {
      const p = s[peer];
      // speedup_X: the peer's time over ours (> 1: ours is faster); `_2t`: ours on 2 threads.
      const ratios = {};
      for (const b of BUILDS) {
        ratios[`speedup_${b}`] = round(p.median / s[b].median, 2); // medians
        ratios[`speedup_min_${b}`] = round(p.min / s[b].min, 2);
      }
      for (const n of THREADS) {
        ratios[`speedup_relaxed_${n}t`] = round(p.median / s[`relaxed@${n}`].median, 2);
        ratios[`speedup_min_relaxed_${n}t`] = round(p.min / s[`relaxed@${n}`].min, 2);
      }
      const check = diff === null ? {} : { max_abs_diff_vs_ours: diff };
      emit({ bench: name, runtime: peerRuntime(peer), peer, threads: peerThreads(peer), unit, median: round(p.median), min: round(p.min), max: round(p.max), ...ratios, ...check, ...info });
    }
  }
}
