// GEMM throughput (GFLOP/s) of the simd and relaxed builds against the register-bound SIMD peak
// and against tfjs-backend-wasm (XNNPACK, one thread). Loads build/*.wasm directly.
// Run: node scripts/build.mjs && node bench/run.mjs gemm   (GEMM_QUICK=1 skips tfjs)
import { readFile } from 'node:fs/promises';
import { emit, round } from './_stats.mjs';

const SHAPES = [[256, 256, 256], [512, 512, 512], [32, 320, 1024], [1, 320, 1024]]; // M x K x N
const BUILDS = ['simd', 'relaxed'];
const runtime = typeof Deno !== 'undefined' ? 'deno' : 'node';

// Times fn in samples of `inner` calls (each sample >= ~5 ms) and returns ms per call. Many short
// samples: on a shared machine the fastest ones ("max" GFLOP/s) approximate an idle core.
function sample(fn, { samples = 21, targetMs = 5 } = {}) {
  fn();
  let inner = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= targetMs) break;
    inner = Math.max(inner * 2, Math.ceil((inner * targetMs) / Math.max(dt, 0.01)));
  }
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    times.push((performance.now() - t0) / inner);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], max: times[times.length - 1] };
}

// ms per call -> GFLOP/s (median of rates; min rate comes from the slowest sample).
const rate = (flops, t) => ({ median: flops / t.median / 1e6, min: flops / t.max / 1e6, max: flops / t.min / 1e6 });

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
  const ws = rt.alloc(rt.k.gemm_ws_bytes(M, N, K));
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

export default async function main() {
  const rts = {};
  const peak = {};
  for (const build of BUILDS) {
    rts[build] = await loadBuild(build);
    const iters = 2_000_000;
    const t = sample(() => rts[build].k.bench_simd_peak(iters), { targetMs: 20 });
    const r = rate(rts[build].k.bench_simd_peak_flops() * iters, t);
    peak[build] = r;
    emit({ bench: 'simd-peak', build, runtime, unit: 'GFLOP/s', ...roundAll(r), accumulators: 12, op: build === "relaxed" ? "relaxed_madd" : "mul+add" });
  }

  const peer = {};
  const tf = process.env.GEMM_QUICK ? null : await tfjsPeer();
  if (tf) {
    for (const [M, K, N] of SHAPES) {
      const a = tf.randomUniform([M, K]), b = tf.randomUniform([K, N]);
      const t = sample(() => tf.matMul(a, b).dispose());
      const r = rate(2 * M * N * K, t);
      peer[`${M}x${K}x${N}`] = r.median;
      emit({ bench: 'gemm', shape: `${M}x${K}x${N}`, peer: 'tfjs-wasm', build: 'xnnpack-simd', runtime, unit: 'GFLOP/s', ...roundAll(r), ...ratios(r, peak.simd) });
      a.dispose(); b.dispose();
    }
  }

  for (const build of BUILDS) {
    const rt = rts[build];
    for (const [M, K, N] of SHAPES) {
      const { A, B, C, ws } = matrices(rt, M, K, N);
      const t = sample(() => rt.k.f32_gemm(M, N, K, A, K, 0, B, N, 0, C, N, 0, 0, ws));
      const r = rate(2 * M * N * K, t);
      const shape = `${M}x${K}x${N}`;
      emit({
        bench: 'gemm', shape, variant: 'NN', build, runtime, unit: 'GFLOP/s', ...roundAll(r),
        ...ratios(r, peak[build]),
        ...(peer[shape] ? { ratio_vs_tfjs_wasm: round(r.median / peer[shape]) } : {}),
      });
    }
    // Backward shapes: dX = dY·W (NN above), dW += dY^T·X (TN, accumulate), forward x·W^T (NT).
    for (const [variant, tA, tB, acc] of [['NT', 0, 1, 0], ['TN', 1, 0, 1]]) {
      for (const [M, K, N] of [[512, 512, 512], [32, 320, 1024], [1, 320, 1024]]) {
        if (variant === 'TN' && M === 1) continue;
        const { A, B, C, ws } = matrices(rt, M, K, N);
        const lda = tA ? M : K, ldb = tB ? K : N;
        const t = sample(() => rt.k.f32_gemm(M, N, K, A, lda, tA, B, ldb, tB, C, N, 0, acc, ws));
        const r = rate(2 * M * N * K, t);
        emit({ bench: 'gemm', shape: `${M}x${K}x${N}`, variant, build, runtime, unit: 'GFLOP/s', ...roundAll(r), ...ratios(r, peak[build]) });
      }
    }
    // Recurrent step: h[B,H] · W_hh^T with W_hh [4H, H] packed once (H = 256, G = 1024).
    for (const M of [32, 1]) {
      const K = 256, N = 1024;
      const { A, B, C } = matrices(rt, M, K, N);
      const P = rt.alloc(rt.k.packed_b_bytes(K, N));
      rt.k.pack_b(P, B, K, 1, K, N);
      const t = sample(() => rt.k.f32_gemm_packed(M, N, K, A, K, P, C, N, 0, 1));
      const r = rate(2 * M * N * K, t);
      emit({ bench: 'gemm', shape: `${M}x${K}x${N}`, variant: 'packed', build, runtime, unit: 'GFLOP/s', ...roundAll(r), ...ratios(r, peak[build]) });
    }
  }
}

// GEMM rate over the SIMD peak of the same build: median/median, and best/best (max/max).
function ratios(r, p) {
  return { ratio_to_peak: round(r.median / p.median), ratio_to_peak_best: round(r.max / p.max) };
}

function roundAll(r) {
  return { median: round(r.median, 2), min: round(r.min, 2), max: round(r.max, 2) };
}
