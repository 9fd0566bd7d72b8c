// GEMM throughput (GFLOP/s) of the simd and relaxed builds against the register-bound SIMD peak
// and against tfjs-backend-wasm (XNNPACK, one thread). Loads build/*.wasm directly.
// Run: node scripts/build.mjs && node bench/run.mjs gemm   (GEMM_QUICK=1 skips tfjs)
import { readFile } from 'node:fs/promises';
import { emit, round } from './_stats.mjs';

const SHAPES = [[256, 256, 256], [512, 512, 512], [32, 320, 1024], [1, 320, 1024]]; // M x K x N
const BUILDS = ['simd', 'relaxed'];
const runtime = typeof Deno !== 'undefined' ? 'deno' : 'node';

// A timed workload: fn does `flops` floating-point operations per call.
// calibrate() picks how many calls make one ~5 ms sample.
function calibrate(fn, targetMs = 5) {
  fn();
  let inner = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= targetMs) return inner;
    inner = Math.max(inner * 2, Math.ceil((inner * targetMs) / Math.max(dt, 0.01)));
  }
}

function gflops(fn, flops, inner) {
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) fn();
  return (flops * inner) / (performance.now() - t0) / 1e6;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[s.length >> 1], 2), min: round(s[0], 2), max: round(s[s.length - 1], 2) };
};

// Samples of `a` and `ref` interleaved (a, ref, a, ref, ...), so that both see the same load on
// this shared machine; the ratio is the median of per-pair ratios. GFLOP/s of `a` and `ref`.
function paired(a, ref, samples = 21) {
  const ia = calibrate(a.fn), ir = calibrate(ref.fn);
  const ra = [], rr = [], q = [];
  for (let s = 0; s < samples; s++) {
    const x = gflops(a.fn, a.flops, ia);
    const y = gflops(ref.fn, ref.flops, ir);
    ra.push(x); rr.push(y); q.push(x / y);
  }
  return { a: stats(ra), ref: stats(rr), ratio: stats(q).median };
}

function random(view, seed) {
  let s = seed >>> 0;
  for (let i = 0; i < view.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    view[i] = s / 2 ** 31 - 1;
  }
}

async function loadBuild(build) {
  const bytes = await readFile(new URL(`../build/rnn-${build}.wasm`, import.meta.url));
  const memory = new WebAssembly.Memory({ initial: 1024 }); // 64 MiB
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  const k = instance.exports;
  let top = (k.heap_base() + 15) & ~15;
  const alloc = (bytes) => {
    const p = top;
    top = (top + bytes + 15) & ~15;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    return p;
  };
  const f32 = (p, n) => new Float32Array(memory.buffer, p, n);
  const reset = () => { top = (k.heap_base() + 15) & ~15; };
  return { k, alloc, f32, reset };
}

function matrices(rt, M, K, N) {
  rt.reset();
  const A = rt.alloc(M * K * 4), B = rt.alloc(K * N * 4), C = rt.alloc(M * N * 4);
  const ws = rt.alloc(Number(rt.k.f32_gemm_ws_bytes(M, N, K)));
  random(rt.f32(A, M * K), 1);
  random(rt.f32(B, K * N), 2);
  return { A, B, C, ws };
}

async function tfjsPeer() {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  } catch (e) {
    console.error(`tfjs-wasm unavailable: ${e.message}`);
    return null;
  }
}

// 512^3 through the library on 1 and 2 threads (init({ threads })): the product split by columns
// over the pool. Interleaved samples; ratio = GFLOP/s on 2 threads / on 1.
async function threaded(build) {
  const lib = await import('../dist/index.js');
  const [M, K, N] = [512, 512, 512];
  const one = await lib.createRuntime({ simd: build });
  const two = await lib.createRuntime({ simd: build, threads: 2 });
  const work = (rt) => {
    const a = lib.Tensor.from(new Float32Array(M * K).fill(0.5), [M, K], { runtime: rt, arena: 'params' });
    const b = lib.Tensor.from(new Float32Array(K * N).fill(0.25), [K, N], { runtime: rt, arena: 'params' });
    return { fn: () => { lib.matmul(a, b); rt.resetStep(); }, flops: 2 * M * N * K };
  };
  // Inputs in the params arena: resetStep() frees only the products.
  const p = paired(work(two), work(one));
  emit({ bench: 'gemm', shape: `${M}x${K}x${N}`, variant: 'NN', build, runtime, threads: two.threads, unit: 'GFLOP/s', ...p.a, threads1: p.ref, ratio_to_1_thread: round(p.ratio) });
  two.close();
}

export default async function main() {
  const rts = {};
  const peak = {};
  for (const build of BUILDS) {
    const rt = (rts[build] = await loadBuild(build));
    const iters = 200_000;
    peak[build] = { fn: () => rt.k.bench_simd_peak(iters), flops: rt.k.bench_simd_peak_flops() * iters };
    const p = paired(peak[build], peak[build]);
    emit({ bench: 'simd-peak', build, runtime, unit: 'GFLOP/s', ...p.a, accumulators: 12, op: build === 'relaxed' ? 'relaxed_madd' : 'mul+add' });
  }

  const tf = process.env.GEMM_QUICK ? null : await tfjsPeer();
  const peer = {};
  if (tf) {
    for (const [M, K, N] of SHAPES) {
      const a = tf.randomUniform([M, K]), b = tf.randomUniform([K, N]);
      peer[`${M}x${K}x${N}`] = { fn: () => tf.matMul(a, b).dispose(), flops: 2 * M * N * K };
      const p = paired(peer[`${M}x${K}x${N}`], peak.simd);
      emit({ bench: 'gemm', shape: `${M}x${K}x${N}`, peer: 'tfjs-wasm', build: 'xnnpack-simd', runtime, unit: 'GFLOP/s', ...p.a, ratio_to_peak: round(p.ratio) });
    }
  }

  // One line per (build, shape, variant): GFLOP/s, ratio to this build's peak, and where a peer
  // ran the same shape, the ratio to it (both from interleaved samples).
  const report = (build, shape, variant, work) => {
    const p = paired(work, peak[build]);
    const line = { bench: 'gemm', shape, variant, build, runtime, unit: 'GFLOP/s', ...p.a, ratio_to_peak: round(p.ratio) };
    if (peer[shape] && variant === 'NN') line.ratio_vs_tfjs_wasm = round(paired(work, peer[shape]).ratio);
    emit(line);
  };

  if (!process.env.GEMM_NO_THREADS) for (const build of BUILDS) await threaded(build);

  for (const build of BUILDS) {
    const rt = rts[build];
    for (const [M, K, N] of SHAPES) {
      const { A, B, C, ws } = matrices(rt, M, K, N);
      report(build, `${M}x${K}x${N}`, 'NN', { fn: () => rt.k.f32_gemm(M, N, K, A, K, 0, B, N, 0, C, N, 0, 0, ws), flops: 2 * M * N * K });
    }
    // Backward shapes: dX = dY·W (NN above), dW += dY^T·X (TN, accumulate), forward x·W^T (NT).
    for (const [variant, tA, tB, acc] of [['NT', 0, 1, 0], ['TN', 1, 0, 1]]) {
      for (const [M, K, N] of [[512, 512, 512], [32, 320, 1024], [1, 320, 1024]]) {
        if (variant === 'TN' && M === 1) continue;
        const { A, B, C, ws } = matrices(rt, M, K, N);
        const lda = tA ? M : K, ldb = tB ? K : N;
        report(build, `${M}x${K}x${N}`, variant, { fn: () => rt.k.f32_gemm(M, N, K, A, lda, tA, B, ldb, tB, C, N, 0, acc, ws), flops: 2 * M * N * K });
      }
    }
    // Recurrent step: h[B,H] · W_hh^T with W_hh [4H, H] packed once (H = 256, G = 1024).
    for (const M of [32, 2, 1]) {
      const K = 256, N = 1024;
      const { A, B, C } = matrices(rt, M, K, N);
      const P = rt.alloc(Number(rt.k.f32_packed_b_bytes(K, N)));
      rt.k.f32_pack_b(P, B, K, 1, K, N);
      const pws = rt.alloc(Number(rt.k.f32_gemm_packed_ws_bytes()));
      report(build, `${M}x${K}x${N}`, 'packed', { fn: () => rt.k.f32_gemm_packed(M, N, K, A, K, P, C, N, 0, 1, 0, pws), flops: 2 * M * N * K });
    }
  }
}
