// The conv1d lowering kernels (assembly/conv/conv1d.ts): f32_conv1d_im2col and its adjoint
// f32_conv1d_col2im against their `_ref` twins (bit-identical: copies and ordered adds) and a
// JS reference, over geometries whose in-range spans fall below, at and above the 4-lane vector,
// every stride/padding/dilation edge, with guard words around every buffer.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ISAS, get, put, randomArray, runtimeFor } from '../../helpers.js';
import type { Runtime } from '../../../src/index.js';

interface Geo { c: number; l: number; k: number; stride: number; pad: number; dil: number; lout: number }

function geometries(): Geo[] {
  const out: Geo[] = [];
  for (const l of [1, 3, 4, 5, 8, 9, 16, 17, 31]) {
    for (const k of [1, 2, 3, 5]) {
      for (const stride of [1, 2, 3]) {
        for (const dil of [1, 2]) {
          for (const [padL, padR] of [[0, 0], [1, 1], [2, 0], [0, 3], [4, 4]]) {
            const lout = Math.floor((l + padL + padR - dil * (k - 1) - 1) / stride) + 1;
            if (lout >= 1) out.push({ c: 1 + ((l + k) % 3), l, k, stride, pad: padL, dil, lout });
          }
        }
      }
    }
  }
  return out;
}

const GUARD = 4;
const SENTINEL = 12345.5;

/** JS reference: row (c*K + k), position t reads x[c, t*stride + k*dil - pad]. */
function im2colJs(x: Float32Array, g: Geo): Float32Array {
  const col = new Float32Array(g.c * g.k * g.lout);
  for (let c = 0; c < g.c; c++) for (let k = 0; k < g.k; k++) for (let t = 0; t < g.lout; t++) {
    const j = t * g.stride + k * g.dil - g.pad;
    col[(c * g.k + k) * g.lout + t] = j >= 0 && j < g.l ? x[c * g.l + j] : 0;
  }
  return col;
}

function guarded(rt: Runtime, data: Float32Array): number {
  const buf = new Float32Array(data.length + 2 * GUARD).fill(SENTINEL);
  buf.set(data, GUARD);
  return put(rt, buf) + GUARD * 4;
}

function expectGuards(rt: Runtime, p: number, n: number, what: string): void {
  const all = get(rt, p - GUARD * 4, n + 2 * GUARD);
  for (let i = 0; i < GUARD; i++) {
    expect(all[i], `${what}: wrote before the buffer`).toBe(SENTINEL);
    expect(all[GUARD + n + i], `${what}: wrote past the buffer`).toBe(SENTINEL);
  }
}

for (const isa of ISAS) {
  describe(`conv1d kernels (${isa})`, () => {
    let rt: Runtime;
    beforeEach(async () => {
      rt = await runtimeFor(isa);
      rt.resetStep();
    });

    it('f32_conv1d_im2col equals its _ref and the JS reference, bit for bit, in bounds', () => {
      let n = 0;
      for (const g of geometries()) {
        rt.resetStep();
        const x = randomArray(g.c * g.l, 7 + n);
        const size = g.c * g.k * g.lout;
        const px = guarded(rt, x);
        // Garbage in the output buffers: the kernels must write every element.
        const pc = guarded(rt, randomArray(size, 99, 50)), pr = guarded(rt, randomArray(size, 98, 50));
        const args = [g.c, g.l, g.k, g.stride, g.pad, g.dil, g.lout] as const;
        rt.k.f32_conv1d_im2col(pc, px, ...args);
        rt.k.f32_conv1d_im2col_ref(pr, px, ...args);
        const what = JSON.stringify(g);
        const want = im2colJs(x, g);
        expect(Array.from(get(rt, pr, size)), `_ref ${what}`).toEqual(Array.from(want));
        expect(Array.from(get(rt, pc, size)), what).toEqual(Array.from(want));
        expectGuards(rt, pc, size, what);
        expectGuards(rt, px, x.length, `${what} (input)`);
        n++;
      }
      expect(n).toBeGreaterThan(800);
    });

    it('f32_conv1d_col2im accumulates the adjoint of im2col, equal to its _ref bit for bit', () => {
      let n = 0;
      for (const g of geometries()) {
        rt.resetStep();
        const size = g.c * g.k * g.lout;
        const dcol = randomArray(size, 3 + n);
        const dx0 = randomArray(g.c * g.l, 5 + n);
        const pd = guarded(rt, dcol);
        const pa = guarded(rt, dx0), pb = guarded(rt, dx0);
        const args = [g.c, g.l, g.k, g.stride, g.pad, g.dil, g.lout] as const;
        rt.k.f32_conv1d_col2im(pa, pd, ...args);
        rt.k.f32_conv1d_col2im_ref(pb, pd, ...args);
        const what = JSON.stringify(g);
        const got = get(rt, pa, dx0.length), ref = get(rt, pb, dx0.length);
        expect(Array.from(got), what).toEqual(Array.from(ref));
        expectGuards(rt, pa, dx0.length, what);
        // Adjoint identity in float64: <im2col(x), dcol> = <x, col2im(dcol)> with x random.
        const x = randomArray(g.c * g.l, 11 + n);
        const col = im2colJs(x, g);
        let lhs = 0, rhs = 0;
        for (let i = 0; i < size; i++) lhs += col[i] * dcol[i];
        for (let i = 0; i < x.length; i++) rhs += x[i] * (ref[i] - dx0[i]);
        expect(Math.abs(lhs - rhs), what).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
        n++;
      }
      expect(n).toBeGreaterThan(800);
    });
  });
}

describe('conv1d kernels stay vectorized in the SIMD builds', () => {
  const func = (text: string, name: string): string => {
    const start = text.indexOf(`\n (func $${name} `);
    if (start < 0) throw new Error(`function ${name} not found in the .wat (renamed or inlined?)`);
    const end = text.indexOf('\n (', start + 1);
    return text.slice(start, end < 0 ? text.length : end);
  };
  for (const build of ['simd', 'relaxed']) {
    it(`${build}: im2col copies and col2im adds with v128 loads and stores`, () => {
      const text = readFileSync(new URL(`../../../build/rnn-${build}.wat`, import.meta.url), 'utf8');
      const im2col = func(text, 'assembly/conv/conv1d/im2col_simd');
      expect(im2col).toContain('v128.load');
      expect(im2col).toContain('v128.store');
      expect(im2col).toContain('f32x4.replace_lane'); // the strided gather
      const col2im = func(text, 'assembly/conv/conv1d/f32_conv1d_col2im');
      expect(col2im).toContain('f32x4.add');
    });
  }
});
