// Elementwise kernels: dispatch (SIMD) vs `_ref` vs float64 JS math, all three builds, every tail size.
import { beforeEach, describe, expect, it } from 'vitest';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 1023];
const f = Math.fround;

/** Same f32 value (+0 and -0 count as equal, NaN equals NaN); reports the first mismatch. */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], b = expected[i];
    if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) {
      expect.fail(`${what}: element ${i} is ${a}, expected ${b}`);
    }
  }
}

type Unary = (dst: number, src: number, n: number) => void;
type Binary = (dst: number, a: number, b: number, n: number) => void;

for (const isa of ISAS) {
  describe(`elementwise kernels (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    it('fill and copy, including overlapping copies', () => {
      for (const n of SIZES) {
        const d = put(rt, randomArray(n + 1, n, 1));
        rt.k.f32_fill(d, n, -2.5);
        const out = get(rt, d, n + 1);
        expectSame(out.subarray(0, n), new Float32Array(n).fill(-2.5), `fill n=${n}`);
        expect(out[n], 'fill writes past n').not.toBe(-2.5);
        const r = put(rt, new Float32Array(n));
        rt.k.f32_fill_ref(r, n, -2.5);
        expectSame(get(rt, r, n), out.subarray(0, n), `fill_ref n=${n}`);
        const src = randomArray(n, 7 + n);
        const s = put(rt, src);
        const c = put(rt, new Float32Array(n));
        rt.k.f32_copy(c, s, n);
        expectSame(get(rt, c, n), src, `copy n=${n}`);
        const c2 = put(rt, new Float32Array(n));
        rt.k.f32_copy_ref(c2, s, n);
        expectSame(get(rt, c2, n), src, `copy_ref n=${n}`);
      }
      const src = randomArray(40, 3);
      const p = put(rt, src);
      rt.k.f32_copy(p + 8, p, 30); // forward overlap (memmove)
      expectSame(get(rt, p + 8, 30), src.subarray(0, 30), 'overlapping copy');
    });

    const binaries: [string, (k: Runtime['k']) => [Binary, Binary], (a: number, b: number) => number][] = [
      ['add', (k) => [k.f32_add, k.f32_add_ref], (a, b) => f(a + b)],
      ['sub', (k) => [k.f32_sub, k.f32_sub_ref], (a, b) => f(a - b)],
      ['mul', (k) => [k.f32_mul, k.f32_mul_ref], (a, b) => f(a * b)],
    ];
    for (const [name, pick, math] of binaries) {
      it(`${name}: equals f32 rounding of float64 math, out of place and in place`, () => {
        const [kern, ref] = pick(rt.k);
        for (const n of SIZES) {
          const a = randomArray(n, 11 + n, 3), b = randomArray(n, 101 + n, 2);
          const want = a.map((v, i) => math(v, b[i]));
          const pa = put(rt, a), pb = put(rt, b), d1 = put(rt, new Float32Array(n)), d2 = put(rt, new Float32Array(n));
          kern(d1, pa, pb, n);
          ref(d2, pa, pb, n);
          expectSame(get(rt, d1, n), want, `${name} n=${n}`);
          expectSame(get(rt, d2, n), want, `${name}_ref n=${n}`);
          kern(pa, pa, pb, n); // dst == a
          expectSame(get(rt, pa, n), want, `${name} in place n=${n}`);
        }
      });
    }

    it('mul_acc and axpy accumulate without fusing', () => {
      for (const n of SIZES) {
        const d = randomArray(n, 1 + n), a = randomArray(n, 2 + n), b = randomArray(n, 3 + n);
        const pd = put(rt, d), pa = put(rt, a), pb = put(rt, b);
        const pd2 = put(rt, d);
        rt.k.f32_mul_acc(pd, pa, pb, n);
        rt.k.f32_mul_acc_ref(pd2, pa, pb, n);
        const wantAcc = d.map((v, i) => f(v + f(a[i] * b[i])));
        expectSame(get(rt, pd, n), wantAcc, `mul_acc n=${n}`);
        expectSame(get(rt, pd2, n), wantAcc, `mul_acc_ref n=${n}`);
        rt.k.f32_mul_acc(pa, pa, pb, n); // dst == a
        expectSame(get(rt, pa, n), a.map((v, i) => f(v + f(v * b[i]))), `mul_acc in place n=${n}`);
        const y = randomArray(n, 4 + n), x = randomArray(n, 5 + n), alpha = f(-0.37);
        const py = put(rt, y), py2 = put(rt, y), px = put(rt, x);
        rt.k.f32_axpy(py, alpha, px, n);
        rt.k.f32_axpy_ref(py2, alpha, px, n);
        const want = y.map((v, i) => f(v + f(alpha * x[i])));
        expectSame(get(rt, py, n), want, `axpy n=${n}`);
        expectSame(get(rt, py2, n), want, `axpy_ref n=${n}`);
        rt.k.f32_axpy(px, 2, px, n); // y == x: x += 2x
        expectSame(get(rt, px, n), x.map((v) => f(3 * v)), `axpy aliased n=${n}`);
      }
    });

    it('scale and clamp, in place, with NaN passing through clamp', () => {
      for (const n of SIZES) {
        const x = randomArray(n, 9 + n, 4);
        if (n > 2) x[n - 2] = NaN;
        const px = put(rt, x), d = put(rt, new Float32Array(n));
        rt.k.f32_scale(d, px, 1.5, n);
        expectSame(get(rt, d, n), x.map((v) => f(1.5 * v)), `scale n=${n}`);
        const sr = put(rt, new Float32Array(n));
        rt.k.f32_scale_ref(sr, px, 1.5, n);
        expectSame(get(rt, sr, n), get(rt, d, n), `scale_ref n=${n}`);
        rt.k.f32_clamp(d, px, -1, 2, n);
        expectSame(get(rt, d, n), x.map((v) => (Number.isNaN(v) ? NaN : Math.min(Math.max(v, -1), 2))), `clamp n=${n}`);
        const r = put(rt, new Float32Array(n));
        rt.k.f32_clamp_ref(r, px, -1, 2, n);
        expectSame(get(rt, d, n), get(rt, r, n), `clamp vs _ref n=${n}`);
        rt.k.f32_scale(px, px, -2, n);
        expectSame(get(rt, px, n), x.map((v) => f(-2 * v)), `scale in place n=${n}`);
      }
    });

    it('add_row_bias over odd rows and cols', () => {
      for (const [rows, cols] of [[0, 5], [1, 1], [3, 5], [2, 4], [5, 17], [7, 3], [4, 1023]]) {
        const m = randomArray(rows * cols, rows * 31 + cols), bias = randomArray(cols, cols);
        const pm = put(rt, m), pm2 = put(rt, m), pb = put(rt, bias);
        rt.k.f32_add_row_bias(pm, pb, rows, cols);
        rt.k.f32_add_row_bias_ref(pm2, pb, rows, cols);
        const want = m.map((v, i) => f(v + bias[i % cols]));
        expectSame(get(rt, pm, rows * cols), want, `add_row_bias ${rows}x${cols}`);
        expectSame(get(rt, pm2, rows * cols), want, `add_row_bias_ref ${rows}x${cols}`);
      }
    });

    it('works on pointers that are not 16-byte aligned', () => {
      const n = 17, a = randomArray(n + 1, 5), b = randomArray(n + 1, 6);
      const pa = put(rt, a) + 4, pb = put(rt, b) + 4, d = put(rt, new Float32Array(n + 1)) + 4;
      rt.k.f32_add(d, pa, pb, n);
      expectSame(get(rt, d, n), a.subarray(1).map((v, i) => f(v + b[i + 1])), 'unaligned add');
    });

    it('exp: within 1 ulp of float64 exp, 0 / Inf at the ends, NaN through', () => {
      const x = new Float32Array([...randomArray(1023, 77, 87), 0, -0, 88.7, 88.73, 89, 1e30, -1e30, -87.3, -103, -104, -200, Infinity, -Infinity, NaN, 1e-30, -1e-30]);
      const n = x.length;
      for (const len of [...SIZES.filter((s) => s < n), n]) {
        const px = put(rt, x.subarray(0, len)), d = put(rt, new Float32Array(len)), r = put(rt, new Float32Array(len));
        const ex = rt.k.f32_exp as Unary, er = rt.k.f32_exp_ref as Unary;
        ex(d, px, len);
        er(r, px, len);
        const got = get(rt, d, len), ref = get(rt, r, len);
        for (let i = 0; i < len; i++) {
          const want = Math.exp(x[i]);
          if (Number.isNaN(x[i])) { expect(got[i]).toBeNaN(); continue; }
          expect(ref[i]).toBe(f(want));
          if (want > 3.4028234663852886e38) { expect(got[i], `exp(${x[i]})`).toBe(Infinity); continue; }
          if (want < 1.2e-38) { expect(Math.abs(got[i] - want), `exp(${x[i]})`).toBeLessThan(2e-38); continue; }
          const ulp = 2 ** (Math.floor(Math.log2(want)) - 23);
          expect(Math.abs(got[i] - want) / ulp, `exp(${x[i]}) = ${got[i]} vs ${want}`).toBeLessThanOrEqual(1);
        }
      }
    });
  });
}
