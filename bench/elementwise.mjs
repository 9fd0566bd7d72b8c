// Elementwise/activation/softmax/optimizer kernels: dispatch vs `_ref` per build, in ns per element.
import { createRuntime } from '../dist/index.js';
import { emit, round, timeIt } from './_stats.mjs';

const N = 1 << 18; // 1 MiB of f32 per operand: in L2, so the kernels, not DRAM, are measured
const ROWS = 64, COLS = 1000; // softmax / cross-entropy over a 1000-way output

function fill(rt, p, n, seed, scale) {
  const v = rt.f32(p, n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
}

export default async function () {
  for (const isa of ['relaxed', 'simd', 'none']) {
    const rt = await createRuntime({ simd: isa });
    const k = rt.k;
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => rt.params.alloc(N * 4));
    fill(rt, a, N, 1, 4);
    fill(rt, b, N, 2, 1);
    fill(rt, c, N, 3, 1);
    fill(rt, d, N, 4, 0.1);
    const t = rt.params.alloc(ROWS * 4);
    rt.i32(t, ROWS).set(Array.from({ length: ROWS }, (_, i) => (i * 37) % COLS));
    const cases = [
      ['add', N, (s) => k[`f32_add${s}`](e, a, b, N)],
      ['axpy', N, (s) => k[`f32_axpy${s}`](e, 0.5, a, N)],
      ['sigmoid_fwd', N, (s) => k[`f32_sigmoid_fwd${s}`](e, a, N)],
      ['tanh_fwd', N, (s) => k[`f32_tanh_fwd${s}`](e, a, N)],
      ['tanh_bwd', N, (s) => k[`f32_tanh_bwd${s}`](e, b, c, N)],
      ['exp', N, (s) => k[`f32_exp${s}`](e, a, N)],
      ['sum', N, (s) => k[`f32_sum${s}`](a, N)],
      ['sumsq', N, (s) => k[`f32_sumsq${s}`](a, N)],
      ['softmax_fwd', ROWS * COLS, (s) => k[`f32_softmax_fwd${s}`](e, a, ROWS, COLS)],
      ['cross_entropy_bwd', ROWS * COLS, (s) => k[`f32_cross_entropy_bwd${s}`](e, a, t, ROWS, COLS, -100, 0, 1 / ROWS)],
      ['adam_step', N, (s) => k[`f32_adam_step${s}`](e, d, b, c, N, 0.01, 0.9, 0.999, 1e-8, 0.5, 0, 0)],
    ];
    for (const [name, n, run] of cases) {
      const row = { bench: 'elementwise', runtime: 'node', isa, kernel: name, unit: 'ns/elem' };
      const fast = timeIt(() => run(''), { warmup: 3, reps: 15, minMs: 50 });
      const ref = timeIt(() => run('_ref'), { warmup: 2, reps: 7 });
      // the adam/tanh_bwd/axpy cases update buffers in place; values stay finite over the reps
      emit({ ...row, median: round((fast.median * 1e6) / n), min: round((fast.min * 1e6) / n), max: round((fast.max * 1e6) / n),
        ref_median: round((ref.median * 1e6) / n), speedup_vs_ref: round(ref.median / fast.median, 2) });
    }
  }
}
