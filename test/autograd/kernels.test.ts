// The kernels autograd's shape ops call (assembly/layout/rows.ts, transpose.ts, copy_block.ts,
// reduce/sum_dim.ts): every dispatch entry and its _ref twin against plain JS, at sizes
// below, at and above a 4-lane vector and at non-multiples, on all three builds.
import { describe, expect, it } from 'vitest';
import { ISAS, get, put, randomArray, runtimeFor } from '../helpers.js';

const SIZES = [1, 3, 4, 5, 8, 17];

function ids(rt: Awaited<ReturnType<typeof runtimeFor>>, v: number[]): number {
  const p = rt.step.alloc(v.length * 4);
  rt.i32(p, v.length).set(v);
  return p;
}

describe.each(ISAS)('autograd kernels on %s', (isa) => {
  for (const variant of ['', '_ref'] as const) {
    it(`gather/scatter-add rows${variant}`, async () => {
      const rt = await runtimeFor(isa);
      const k = rt.k as unknown as Record<string, (...a: number[]) => void>;
      for (const D of SIZES) {
        const V = 4, list = [2, 0, 2, 3, 2];
        const table = randomArray(V * D, D);
        const pt = put(rt, table), pi = ids(rt, list), po = put(rt, new Float32Array(list.length * D));
        k[`f32_gather_rows${variant}`](po, pt, D, pi, list.length, D);
        const out = get(rt, po, list.length * D);
        list.forEach((id, r) => expect(Array.from(out.subarray(r * D, (r + 1) * D))).toEqual(Array.from(table.subarray(id * D, (id + 1) * D))));
        const dy = randomArray(list.length * D, 7 + D);
        const pd = put(rt, new Float32Array(V * D).fill(1)), pdy = put(rt, dy);
        k[`f32_scatter_rows${variant}`](pd, D, pdy, pi, list.length, D, 3, 1); // id 3 skipped
        const want = new Float32Array(V * D).fill(1);
        list.forEach((id, r) => { if (id !== 3) for (let c = 0; c < D; c++) want[id * D + c] += dy[r * D + c]; });
        expect(Array.from(get(rt, pd, V * D))).toEqual(Array.from(want));
        rt.resetStep();
      }
    });

    it(`transpose, copy_block, sum_dim, sum_dim_bwd${variant}`, async () => {
      const rt = await runtimeFor(isa);
      const k = rt.k as unknown as Record<string, (...a: number[]) => void>;
      for (const n of SIZES) {
        const R = n, C = n + 2, B = 2;
        const x = randomArray(B * R * C, n);
        const px = put(rt, x), pt = put(rt, new Float32Array(B * R * C).fill(0.5));
        k[`f32_transpose${variant}`](pt, px, B, R, C, 1);
        const t = get(rt, pt, B * R * C);
        for (let b = 0; b < B; b++) for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) expect(t[b * R * C + c * R + r]).toBe(Math.fround(x[b * R * C + r * C + c] + 0.5));
        // copy a (R, 2) block from column 1 of x viewed as (B*R, C) into a (B*R, 3)-strided dst
        const pd = put(rt, new Float32Array(B * R * 3));
        k[`f32_copy_block${variant}`](pd, 3, px + 4, C, B * R, 2, 0);
        const d = get(rt, pd, B * R * 3);
        for (let r = 0; r < B * R; r++) expect([d[r * 3], d[r * 3 + 1], d[r * 3 + 2]]).toEqual([x[r * C + 1], x[r * C + 2], 0]);
        // sum over the middle dim of (B, R, C), scaled, then its broadcast back
        const ps = put(rt, new Float32Array(B * C));
        k[`f32_sum_dim${variant}`](ps, px, B, R, C, 0.5, 0);
        const s = get(rt, ps, B * C);
        for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) {
          let want = 0;
          for (let r = 0; r < R; r++) want += x[(b * R + r) * C + c];
          expect(s[b * C + c]).toBeCloseTo(0.5 * want, 5);
        }
        const pb = put(rt, new Float32Array(B * R * C));
        k[`f32_sum_dim_bwd${variant}`](pb, ps, B, R, C, 2);
        const bc = get(rt, pb, B * R * C);
        for (let i = 0; i < bc.length; i++) expect(bc[i]).toBe(Math.fround(2 * s[Math.floor(i / (R * C)) * C + (i % C)]));
        rt.resetStep();
      }
    });
  }
});

describe.each(['simd', 'relaxed'] as const)('SIMD autograd kernels equal their _ref bit for bit (%s)', (isa) => {
  it('sum_dim, sum_dim_bwd, copy_block at inner sizes around the vector width', async () => {
    const rt = await runtimeFor(isa);
    const k = rt.k as unknown as Record<string, (...a: number[]) => void>;
    for (const inner of [1, 3, 4, 5, 8, 17]) {
      const outer = 3, d = 5, n = outer * d * inner;
      const x = randomArray(n, inner);
      const base = randomArray(n, 99 + inner);
      for (const acc of [0, 1]) {
        const a = put(rt, base), b = put(rt, base), px = put(rt, x);
        k.f32_sum_dim(a, px, outer, d, inner, 0.3, acc);
        k.f32_sum_dim_ref(b, px, outer, d, inner, 0.3, acc);
        expect(Array.from(get(rt, a, outer * inner))).toEqual(Array.from(get(rt, b, outer * inner)));
        const rows = outer * d - 1, m = rows * (inner + 1); // dst rows are one wider than src rows
        const big = randomArray(m, 7 + inner);
        const c = put(rt, big), e = put(rt, big);
        k.f32_copy_block(c, inner + 1, px, inner, rows, inner, acc);
        k.f32_copy_block_ref(e, inner + 1, px, inner, rows, inner, acc);
        expect(Array.from(get(rt, c, m))).toEqual(Array.from(get(rt, e, m)));
      }
      const a = put(rt, base), b = put(rt, base), py = put(rt, x);
      k.f32_sum_dim_bwd(a, py, outer, d, inner, -1.7);
      k.f32_sum_dim_bwd_ref(b, py, outer, d, inner, -1.7);
      expect(Array.from(get(rt, a, n))).toEqual(Array.from(get(rt, b, n)));
      rt.resetStep();
    }
  });

  it('the release .wat keeps gather/scatter/copy/sum loops vectorised', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL(`../../build/rnn-${isa}.wat`, import.meta.url), 'utf8');
    for (const [file, name] of [['layout/rows', 'f32_gather_rows'], ['layout/rows', 'f32_scatter_rows'], ['layout/copy_block', 'f32_copy_block'],
      ['reduce/sum_dim', 'f32_sum_dim'], ['reduce/sum_dim', 'f32_sum_dim_bwd']]) {
      const start = text.indexOf(`\n (func $assembly/${file}/${name} `);
      expect(start, `${name} not found in the .wat`).toBeGreaterThanOrEqual(0);
      const end = text.indexOf('\n (', start + 1);
      let body = text.slice(start, end);
      // The body may call its (non-inlined) SIMD helper: follow one call.
      const call = /call \$(assembly\/[\w/]+_simd)/.exec(body);
      if (call) {
        const s2 = text.indexOf(`\n (func $${call[1]} `);
        body = text.slice(s2, text.indexOf('\n (', s2 + 1));
      }
      expect(body, name).toMatch(/v128\.load|f32x4\./);
      expect(body, name).toContain('v128.store');
    }
  });
});
