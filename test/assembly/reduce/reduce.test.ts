// Reductions: sum/sumsq (f64 accumulation), sum_rows, find_nonfinite vs `_ref` and float64.
import { beforeEach, describe, expect, it } from 'vitest';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 1023];
const SHAPES: [number, number][] = [[0, 3], [3, 0], [1, 1], [1, 7], [3, 5], [4, 4], [5, 17], [7, 3], [2, 1023], [33, 65]];

for (const isa of ISAS) {
  describe(`reductions (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    it('sum and sumsq match float64 to 1e-14 relative, and their _ref', () => {
      for (const n of [...SIZES, 100003]) {
        // mixed magnitudes so that an f32 accumulator would visibly drift
        const x = randomArray(n, 40 + n, 1).map((v, i) => (i % 7 === 0 ? v * 1e4 : v));
        const p = put(rt, x);
        let s = 0, q = 0;
        for (const v of x) { s += v; q += v * v; }
        const tol = (ref: number) => 1e-14 * Math.max(1, Math.abs(ref)) * Math.max(1, Math.log2(n + 1));
        expect(Math.abs(rt.k.f32_sum(p, n) - s), `sum n=${n}`).toBeLessThanOrEqual(tol(s) * 10);
        expect(Math.abs(rt.k.f32_sumsq(p, n) - q), `sumsq n=${n}`).toBeLessThanOrEqual(tol(q));
        expect(Math.abs(rt.k.f32_sum_ref(p, n) - s)).toBeLessThanOrEqual(tol(s) * 10);
        expect(Math.abs(rt.k.f32_sumsq_ref(p, n) - q)).toBeLessThanOrEqual(tol(q));
      }
      // exact on values whose sum is exactly representable
      const p = put(rt, [1, 2, 3, 4, 5, 6, 7]);
      expect(rt.k.f32_sum(p, 7)).toBe(28);
      expect(rt.k.f32_sumsq(p, 7)).toBe(140);
    });

    it('sum_rows is bit-identical to its _ref (same order per column), set and accumulate', () => {
      for (const [rows, cols] of SHAPES) {
        const src = randomArray(rows * cols, rows * 100 + cols, 2), init = randomArray(cols, cols + 5);
        const ps = put(rt, src);
        for (const acc of [0, 1]) {
          const a = put(rt, init), b = put(rt, init);
          rt.k.f32_sum_rows(a, ps, rows, cols, acc);
          rt.k.f32_sum_rows_ref(b, ps, rows, cols, acc);
          expect(get(rt, a, cols), `sum_rows ${rows}x${cols} acc=${acc}`).toEqual(get(rt, b, cols));
          // and float64 (f32 accumulation: loose)
          const got = get(rt, a, cols);
          for (let c = 0; c < cols; c++) {
            let s = acc ? init[c] : 0;
            for (let r = 0; r < rows; r++) s += src[r * cols + c];
            expect(Math.abs(got[c] - s)).toBeLessThanOrEqual(1e-6 * (rows + 1) * 4);
          }
        }
      }
    });

    it('find_nonfinite finds the first NaN or ±Inf at every position, -1 otherwise', () => {
      for (const n of SIZES) {
        const x = randomArray(n, 60 + n, 3e38); // large but finite
        const p = put(rt, x);
        expect(rt.k.f32_find_nonfinite(p, n), `finite n=${n}`).toBe(-1);
        const positions = n <= 17 ? [...Array(n).keys()] : [0, 3, 4, 511, n - 2, n - 1];
        for (const i of positions) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            const view = rt.f32(p, n);
            view[i] = bad;
            if (i + 2 < n) view[i + 2] = NaN; // a later one must not win
            expect(rt.k.f32_find_nonfinite(p, n), `${bad} at ${i} of ${n}`).toBe(i);
            expect(rt.k.f32_find_nonfinite_ref(p, n)).toBe(i);
            view.set(x.subarray(i, Math.min(i + 3, n)), i);
          }
        }
      }
      // a bad value just past n is not seen
      const p = put(rt, [1, 2, 3, NaN]);
      expect(rt.k.f32_find_nonfinite(p, 3)).toBe(-1);
    });
  });
}
