// Row softmax / log-softmax forward and backward vs `_ref` and float64, odd shapes, in place, large logits.
import { beforeEach, describe, expect, it } from 'vitest';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const SHAPES: [number, number][] = [[0, 5], [1, 1], [1, 3], [2, 4], [3, 5], [4, 7], [5, 8], [2, 15], [3, 16], [3, 17], [2, 1023]];

function softmax64(x: ArrayLike<number>, rows: number, cols: number): { y: number[]; ly: number[] } {
  const y: number[] = [], ly: number[] = [];
  for (let r = 0; r < rows; r++) {
    let mx = -Infinity;
    for (let c = 0; c < cols; c++) mx = Math.max(mx, x[r * cols + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(x[r * cols + c] - mx);
    for (let c = 0; c < cols; c++) {
      y.push(Math.exp(x[r * cols + c] - mx) / s);
      ly.push(x[r * cols + c] - mx - Math.log(s));
    }
  }
  return { y, ly };
}

/** Logits with a wide spread (and some ±100-scale rows) so that max subtraction matters. */
function logits(rows: number, cols: number, seed: number): Float32Array {
  const x = randomArray(rows * cols, seed, 6);
  for (let r = 0; r < rows; r += 2) for (let c = 0; c < cols; c++) x[r * cols + c] += r % 4 === 0 ? 100 : -120;
  return x;
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, abs: number, rel: number | ((i: number) => number), what: string): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    const r = typeof rel === 'number' ? rel : rel(i);
    if (!(Math.abs(a[i] - b[i]) <= abs + r * Math.abs(b[i]))) expect.fail(`${what}: element ${i} is ${a[i]}, expected ${b[i]}`);
  }
}

/** Relative tolerance of e^(x - max) in f32: x - max itself rounds (half an ulp of |x - max|). */
function expTol(x: ArrayLike<number>, rows: number, cols: number, ulps: number): (i: number) => number {
  const mx: number[] = [];
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]);
    mx.push(m);
  }
  return (i) => ulps * 2 ** -24 + Math.abs(x[i] - mx[Math.floor(i / cols)]) * 2 ** -24;
}

for (const isa of ISAS) {
  describe(`softmax rows (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    it('softmax and log_softmax match float64 (4 ulp + the rounding of x - max), their _ref, and work in place', () => {
      for (const [rows, cols] of SHAPES) {
        const x = logits(rows, cols, rows * 31 + cols);
        const n = rows * cols;
        const { y, ly } = softmax64(x, rows, cols);
        const px = put(rt, x);
        for (const [name, kern, ref, want, abs] of [
          ['softmax', rt.k.f32_softmax_fwd, rt.k.f32_softmax_fwd_ref, y, 0],
          ['log_softmax', rt.k.f32_log_softmax_fwd, rt.k.f32_log_softmax_fwd_ref, ly, 2e-6],
        ] as const) {
          const a = put(rt, new Float32Array(n)), b = put(rt, new Float32Array(n));
          kern(a, px, rows, cols);
          ref(b, px, rows, cols);
          // log-softmax: (x - max) - lse rounds at the scale of |x - max| (up to ~20 here)
          expectClose(get(rt, a, n), want, abs, expTol(x, rows, cols, 4), `${name} ${rows}x${cols}`);
          expectClose(get(rt, b, n), want, abs, expTol(x, rows, cols, 3), `${name}_ref ${rows}x${cols}`);
          const c = put(rt, x);
          kern(c, c, rows, cols);
          expect(get(rt, c, n), `${name} in place`).toEqual(get(rt, a, n));
        }
        // rows sum to 1
        const a = put(rt, new Float32Array(n));
        rt.k.f32_softmax_fwd(a, px, rows, cols);
        const out = get(rt, a, n);
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let c = 0; c < cols; c++) s += out[r * cols + c];
          expect(Math.abs(s - 1)).toBeLessThan(1e-6 * Math.max(1, Math.sqrt(cols)));
        }
      }
    });

    it('softmax of a row of -Inf except one entry is exactly one-hot', () => {
      const x = [-Infinity, -Infinity, 3, -Infinity, -Infinity];
      const px = put(rt, x), py = put(rt, new Float32Array(5));
      rt.k.f32_softmax_fwd(py, px, 1, 5);
      expect(Array.from(get(rt, py, 5))).toEqual([0, 0, 1, 0, 0]);
    });

    it('backward kernels accumulate the float64 vector-Jacobian product', () => {
      for (const [rows, cols] of SHAPES) {
        const n = rows * cols;
        const x = randomArray(n, rows + 7 * cols, 3), dy = randomArray(n, 99 + n), dx0 = randomArray(n, 5 + n);
        const { y, ly } = softmax64(x, rows, cols);
        const yf = Float32Array.from(y), lyf = Float32Array.from(ly);
        const want = [[] as number[], [] as number[]];
        for (let r = 0; r < rows; r++) {
          let dot = 0, s = 0;
          for (let c = 0; c < cols; c++) { dot += dy[r * cols + c] * yf[r * cols + c]; s += dy[r * cols + c]; }
          for (let c = 0; c < cols; c++) {
            const i = r * cols + c;
            want[0].push(dx0[i] + yf[i] * (dy[i] - dot));
            want[1].push(dx0[i] + dy[i] - Math.exp(lyf[i]) * s);
          }
        }
        const pdy = put(rt, dy), py = put(rt, yf), ply = put(rt, lyf);
        for (const [name, kern, ref, saved, w] of [
          ['softmax_bwd', rt.k.f32_softmax_bwd, rt.k.f32_softmax_bwd_ref, py, want[0]],
          ['log_softmax_bwd', rt.k.f32_log_softmax_bwd, rt.k.f32_log_softmax_bwd_ref, ply, want[1]],
        ] as const) {
          const a = put(rt, dx0), b = put(rt, dx0);
          kern(a, pdy, saved, rows, cols);
          ref(b, pdy, saved, rows, cols);
          const tol = 1e-6 * Math.sqrt(cols + 1);
          expectClose(get(rt, a, n), w, tol, 1e-6, `${name} ${rows}x${cols}`);
          expectClose(get(rt, b, n), w, tol, 1e-6, `${name}_ref ${rows}x${cols}`);
        }
      }
    });
  });
}
