// Activations: full-range accuracy (2e-7 absolute vs float64) of sigmoid/tanh in all builds,
// backward kernels vs `_ref` and float64, and that the SIMD builds' hot loops stay vectorized.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

const SIZES = [0, 1, 3, 4, 5, 7, 8, 15, 16, 17, 1023];
const f = Math.fround;
const sigmoid64 = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Every f32 exponent with random mantissas and both signs, a dense grid on [-20, 20], specials. */
function fullRange(): Float32Array {
  const bits = new Uint32Array(255 * 400);
  let s = 2024;
  for (let e = 0; e < 255; e++) {
    for (let j = 0; j < 400; j++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      bits[e * 400 + j] = ((j & 1) << 31) | (e << 23) | (s >>> 9);
    }
  }
  const grid = Array.from({ length: 80001 }, (_, i) => f(-20 + i / 2000));
  const specials = [0, -0, 1e-45, -1e-45, 1e-40, 1e-30, -1e-30, 0.625, -0.625, f(0.62499997), 9, 10, 10.5, 17, 20, 44,
    88, 88.8, 89, 104, 1e30, -1e30, 3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity];
  return Float32Array.from([...new Float32Array(bits.buffer), ...grid, ...specials]);
}

for (const isa of ISAS) {
  describe(`activations (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    for (const [name, math, limits] of [
      ['sigmoid', sigmoid64, [0, 1]],
      ['tanh', Math.tanh, [-1, 1]],
    ] as const) {
      it(`${name}_fwd is within 2e-7 absolute of float64 over the whole f32 range`, () => {
        const x = fullRange();
        const n = x.length;
        const px = put(rt, x), py = put(rt, new Float32Array(n)), pr = put(rt, new Float32Array(n));
        const fwd = name === 'sigmoid' ? rt.k.f32_sigmoid_fwd : rt.k.f32_tanh_fwd;
        const ref = name === 'sigmoid' ? rt.k.f32_sigmoid_fwd_ref : rt.k.f32_tanh_fwd_ref;
        fwd(py, px, n);
        ref(pr, px, n);
        const y = get(rt, py, n), r = get(rt, pr, n);
        let worst = 0, at = 0, worstRef = 0;
        for (let i = 0; i < n; i++) {
          const want = math(x[i]);
          const e = Math.abs(y[i] - want); // NaN if the kernel gave NaN: x has no NaN here
          if (!(e <= worst)) { worst = Number.isNaN(e) ? Infinity : e; at = x[i]; }
          worstRef = Math.max(worstRef, Math.abs(r[i] - want));
        }
        expect(worst, `worst error at x = ${at}`).toBeLessThanOrEqual(2e-7);
        expect(worstRef, '_ref: one rounding of float64').toBeLessThanOrEqual(6e-8);
        // limits exactly, odd/point symmetry at zero, NaN in -> NaN out
        const sp = put(rt, [Infinity, -Infinity, 0, -0, NaN, 1e30, -1e30]), so = put(rt, new Float32Array(7));
        fwd(so, sp, 7);
        const out = get(rt, so, 7);
        expect([out[0], out[1]]).toEqual([limits[1], limits[0]]);
        expect([out[5], out[6]]).toEqual([limits[1], limits[0]]);
        expect(out[2]).toBe(name === 'sigmoid' ? 0.5 : 0);
        if (name === 'tanh') expect(Object.is(out[3], -0)).toBe(true);
        expect(out[4]).toBeNaN();
      });

      it(`${name}_fwd gives every element the same value wherever it sits (tails), in place`, () => {
        for (const n of SIZES) {
          const x = randomArray(n, 300 + n, 6);
          const px = put(rt, x), py = put(rt, new Float32Array(n));
          const fwd = name === 'sigmoid' ? rt.k.f32_sigmoid_fwd : rt.k.f32_tanh_fwd;
          fwd(py, px, n);
          const y = get(rt, py, n);
          for (let i = Math.max(0, n - 20); i < n; i++) {
            const one = put(rt, [x[i]]), o = put(rt, [0]);
            fwd(o, one, 1);
            expect(get(rt, o, 1)[0]).toBe(y[i]);
          }
          fwd(px, px, n);
          expect(get(rt, px, n)).toEqual(y);
        }
      });
    }

    it('relu_fwd: max(x, 0) with NaN through', () => {
      for (const n of SIZES) {
        const x = randomArray(n, 500 + n, 3);
        if (n > 3) x[2] = NaN;
        const px = put(rt, x), py = put(rt, new Float32Array(n)), pr = put(rt, new Float32Array(n));
        rt.k.f32_relu_fwd(py, px, n);
        rt.k.f32_relu_fwd_ref(pr, px, n);
        const want = Array.from(x, (v) => (Number.isNaN(v) ? NaN : Math.max(v, 0)));
        expect(Array.from(get(rt, py, n))).toEqual(want);
        expect(Array.from(get(rt, pr, n))).toEqual(want);
        rt.k.f32_relu_fwd(px, px, n);
        expect(Array.from(get(rt, px, n))).toEqual(want);
      }
    });

    // dx starts non-zero, so each backward must accumulate.
    const grads: [string, (k: Runtime['k']) => [Function, Function], (y: number) => number, (x: number) => number][] = [
      ['sigmoid', (k) => [k.f32_sigmoid_bwd, k.f32_sigmoid_bwd_ref], (s) => s * (1 - s), sigmoid64],
      ['tanh', (k) => [k.f32_tanh_bwd, k.f32_tanh_bwd_ref], (t) => 1 - t * t, Math.tanh],
      ['relu', (k) => [k.f32_relu_bwd, k.f32_relu_bwd_ref], (y) => (y > 0 ? 1 : 0), (x) => Math.max(x, 0)],
    ];
    for (const [name, pick, deriv, fwd] of grads) {
      it(`${name}_bwd accumulates dy * f'(y): equals _ref and float64`, () => {
        const [kern, ref] = pick(rt.k);
        for (const n of SIZES) {
          const x = randomArray(n, 700 + n, 4), dy = randomArray(n, 800 + n), dx0 = randomArray(n, 900 + n);
          const y = x.map((v) => f(fwd(v)));
          const py = put(rt, y), pdy = put(rt, dy), a = put(rt, dx0), b = put(rt, dx0);
          kern(a, pdy, py, n);
          ref(b, pdy, py, n);
          const ga = get(rt, a, n), gb = get(rt, b, n);
          for (let i = 0; i < n; i++) {
            expect(ga[i], `${name} n=${n} i=${i}`).toBe(gb[i]);
            expect(Math.abs(ga[i] - (dx0[i] + dy[i] * deriv(y[i])))).toBeLessThanOrEqual(4e-7);
          }
          // in place (dx == dy) equals the _ref on separate copies
          const c1 = put(rt, dy), c2 = put(rt, dy);
          ref(c1, c2, py, n);
          kern(pdy, pdy, py, n);
          expect(get(rt, pdy, n)).toEqual(get(rt, c1, n));
        }
      });
    }
  });
}

describe('vectorization pins', () => {
  let wat: Record<string, string>;
  beforeAll(() => {
    wat = { simd: readFileSync('build/rnn-simd.wat', 'utf8'), relaxed: readFileSync('build/rnn-relaxed.wat', 'utf8') };
  });
  const kernels: [string, string][] = [
    ['elementwise/elementwise', 'f32_fill'], ['elementwise/elementwise', 'f32_add'], ['elementwise/elementwise', 'f32_sub'],
    ['elementwise/elementwise', 'f32_mul'], ['elementwise/elementwise', 'f32_mul_acc'], ['elementwise/elementwise', 'f32_axpy'],
    ['elementwise/elementwise', 'f32_scale'], ['elementwise/elementwise', 'f32_add_row_bias'], ['elementwise/elementwise', 'f32_clamp'],
    ['elementwise/exp', 'f32_exp'],
    ['elementwise/activations', 'f32_sigmoid_fwd'], ['elementwise/activations', 'f32_tanh_fwd'], ['elementwise/activations', 'f32_relu_fwd'],
    ['elementwise/activations', 'f32_sigmoid_bwd'], ['elementwise/activations', 'f32_tanh_bwd'], ['elementwise/activations', 'f32_relu_bwd'],
    ['reduce/reduce', 'f32_sum'], ['reduce/reduce', 'f32_sumsq'], ['reduce/reduce', 'f32_sum_rows'], ['reduce/reduce', 'f32_find_nonfinite'],
    ['loss/softmax', 'f32_softmax_fwd'], ['loss/softmax', 'f32_log_softmax_fwd'], ['loss/softmax', 'f32_softmax_bwd'], ['loss/softmax', 'f32_log_softmax_bwd'],
    ['loss/cross_entropy', 'f32_cross_entropy_fwd'], ['loss/cross_entropy', 'f32_cross_entropy_bwd'],
    ['loss/cross_entropy', 'f32_bce_logits_fwd'], ['loss/cross_entropy', 'f32_bce_logits_bwd'],
    ['optim/step', 'f32_sgd_step'], ['optim/step', 'f32_adam_step'], ['optim/step', 'f32_rmsprop_step'],
  ];
  it.each(['simd', 'relaxed'])('every dispatch kernel of the %s build uses v128 instructions', (build) => {
    for (const [file, name] of kernels) {
      const start = wat[build].indexOf(` (func $assembly/${file}/${name} `);
      expect(start, `${name} not found in ${build}.wat`).toBeGreaterThan(0);
      const end = wat[build].indexOf('\n (func ', start + 1);
      expect(wat[build].slice(start, end), `${name} (${build}) lost its SIMD body`).toMatch(/(f32x4|f64x2|v128)\./);
    }
    // the relaxed build fuses the activation polynomials
    if (build === 'relaxed') {
      const start = wat.relaxed.indexOf(' (func $assembly/elementwise/activations/f32_tanh_fwd ');
      expect(wat.relaxed.slice(start, wat.relaxed.indexOf('\n (func ', start + 1))).toContain('f32x4.relaxed_madd');
    }
  });
});
