// assembly/layout/: row gather/scatter (the recurrent scan's and Embedding's) and the batched
// transpose: dispatch equals `_ref` exactly in every build (they only move data, plus one add for
// scatter-accumulate), at odd sizes.
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor } from '../../helpers.js';
import { call, rand } from '../recurrent/recurrent_check.js';

describe.each(ISAS)('layout kernels (%s)', (isa) => {
  it.each([[1, 1], [3, 5], [4, 8], [9, 13], [17, 4]])('transpose %i x %i equals _ref and is a transpose', async (R, C) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const src = rand(R * C, R * 31 + C);
    for (const acc of [0, 1]) {
      const bufs = { dst: rand(R * C, R + C), src };
      const got = call(rt, 'f32_transpose', bufs, ['dst', 'src', 1, R, C, acc], null);
      const ref = call(rt, 'f32_transpose_ref', bufs, ['dst', 'src', 1, R, C, acc], null);
      expect(Array.from(got.dst)).toEqual(Array.from(ref.dst));
      for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
        expect(got.dst[c * R + r]).toBe(acc ? Math.fround(bufs.dst[c * R + r] + src[r * C + c]) : src[r * C + c]);
      }
    }
  });

  it.each([1, 3, 4, 7, 9])('gather / scatter (len %i) equal _ref, with padded rows', async (len) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const stride = len + 3, nSrc = 6, n = 5;
    const idx = Int32Array.from([4, -1, 0, 5, -1]);
    // the index table goes in as raw i32 bits inside a float buffer
    const idxF = new Float32Array(idx.buffer.slice(0));
    const src = rand(nSrc * stride, 70 + len);
    const g = { dst: rand(n * len, 71), src, idx: idxF };
    const a = call(rt, 'f32_gather_rows', g, ['dst', 'src', stride, 'idx', n, len], null);
    const b = call(rt, 'f32_gather_rows_ref', g, ['dst', 'src', stride, 'idx', n, len], null);
    expect(Array.from(a.dst)).toEqual(Array.from(b.dst));
    expect(Array.from(a.dst.slice(len, 2 * len))).toEqual(new Array(len).fill(0));
    expect(Array.from(a.dst.slice(0, len))).toEqual(Array.from(src.slice(4 * stride, 4 * stride + len)));
    for (const acc of [0, 1]) {
      const s = { dst: rand(nSrc * stride, 72), src: rand(n * len, 73), idx: idxF };
      for (const skip of [-1, 0]) {
        const x = call(rt, 'f32_scatter_rows', s, ['dst', stride, 'src', 'idx', n, len, skip, acc], null);
        const y = call(rt, 'f32_scatter_rows_ref', s, ['dst', stride, 'src', 'idx', n, len, skip, acc], null);
        expect(Array.from(x.dst)).toEqual(Array.from(y.dst));
        expect(x.dst[5 * stride]).toBe(Math.fround((acc ? s.dst[5 * stride] : 0) + s.src[3 * len]));
        // row 0 is idx[2]: written unless skipped
        expect(x.dst[0]).toBe(skip === 0 ? s.dst[0] : Math.fround((acc ? s.dst[0] : 0) + s.src[2 * len]));
      }
    }
  });
});
