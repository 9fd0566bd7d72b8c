// Vanilla RNN step kernels (tanh, relu): dispatch vs `_ref` in every build (odd H, B = 1, masked
// rows), backward vs float64 finite differences, relu'(0) = 0.
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor } from '../../helpers.js';
import { call, expectClose, expectMatchesRef, f64, numericGrad, rand } from './recurrent_check.js';

const SIZES: [number, number][] = [[1, 1], [1, 4], [3, 5], [2, 8], [4, 13], [3, 17]];

describe.each(ISAS)('RNN step kernels (%s)', (isa) => {
  it.each(SIZES)('B=%i H=%i: fwd/bwd match _ref, backward matches finite differences', async (B, H) => {
    const rt = await runtimeFor(isa);
    for (const relu of [0, 1]) {
      rt.resetStep();
      const s = 3;
      const lens = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 3 : 6)); // row 1 is padding at s = 3
      const act = Array.from(lens, (l) => s < l);
      // pre-activations kept >= 1e-2 away from 0 so the relu kink is not crossed by the differences
      const pre = rand(B * H, 51 + H, 2).map((v) => (Math.abs(v) < 1e-2 ? v + 0.05 : v));
      const hp = rand(B * H, 52 + H);
      const fo = expectMatchesRef(rt, 'f32_rnn_fwd', { h: new Float32Array(B * H), pre, hPrev: hp },
        ['h', 'pre', 'hPrev', 'lens', s, B, H, relu], lens, 5e-6);
      const dh = rand(B * H, 53), dho = rand(B * H, 54);
      const got = expectMatchesRef(rt, 'f32_rnn_bwd', { dPre: new Float32Array(B * H), dhP: new Float32Array(B * H), dh, dho, h: fo.h },
        ['dPre', 'dhP', 'dh', 'dho', 'h', 'lens', s, B, H, relu], lens, 5e-6);
      const R = f64(dh.map((v, i) => v + dho[i]));
      const P = f64(pre);
      const loss = () => {
        let L = 0;
        for (let b = 0; b < B; b++) {
          if (!act[b]) continue;
          for (let j = 0; j < H; j++) { const x = P[b * H + j]; L += R[b * H + j] * (relu ? Math.max(x, 0) : Math.tanh(x)); }
        }
        return L;
      };
      expectClose(got.dPre, numericGrad(loss, P), 1e-4, `dPre relu=${relu}`);
      const ndh = new Float64Array(B * H);
      for (let b = 0; b < B; b++) if (!act[b]) for (let j = 0; j < H; j++) ndh[b * H + j] = R[b * H + j];
      expectClose(got.dhP, ndh, 1e-6, 'dhPrev');
    }
  });

  it("relu'(0) = 0 and padded rows carry the state exactly", async () => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const lens = Int32Array.from([1, 5]);
    const o = call(rt, 'f32_rnn_fwd', { h: new Float32Array(10), pre: new Float32Array(10), hPrev: Float32Array.from({ length: 10 }, (_, i) => i) },
      ['h', 'pre', 'hPrev', 'lens', 2, 2, 5, 1], lens);
    expect(Array.from(o.h)).toEqual([0, 1, 2, 3, 4, 0, 0, 0, 0, 0]);
    const b = call(rt, 'f32_rnn_bwd', { dPre: new Float32Array(10), dhP: new Float32Array(10), dh: new Float32Array(10).fill(1), h: o.h },
      ['dPre', 'dhP', 'dh', '0', 'h', 'lens', 2, 2, 5, 1], lens);
    expect(Array.from(b.dPre)).toEqual(new Array(10).fill(0));
    expect(Array.from(b.dhP)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });
});
