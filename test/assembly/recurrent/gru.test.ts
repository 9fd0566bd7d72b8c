// GRU gate kernels (PyTorch form): dispatch vs `_ref` in every build (odd H, B = 1, masked rows),
// and backward vs float64 finite differences.
import { describe, it } from 'vitest';
import { ISAS, runtimeFor } from '../../helpers.js';
import { expectClose, expectMatchesRef, f64, gateFn, numericGrad, rand } from './recurrent_check.js';

const SIZES: [number, number][] = [[1, 1], [1, 4], [3, 5], [2, 8], [4, 13], [3, 17]];

// float64 model: Σ R·h' over active rows, h' = (1-z) n + z h, n = tanh(xn + r*hn).
function gruLoss(gx: Float64Array, gh: Float64Array, hp: Float64Array, R: Float64Array, B: number, H: number, act: boolean[], hard: number): number {
  const sig = gateFn(hard);
  let L = 0;
  for (let b = 0; b < B; b++) {
    if (!act[b]) continue;
    for (let j = 0; j < H; j++) {
      const q = b * 3 * H + j;
      const r = sig(gx[q] + gh[q]);
      const z = sig(gx[q + H] + gh[q + H]);
      const n = Math.tanh(gx[q + 2 * H] + r * gh[q + 2 * H]);
      L += R[b * H + j] * ((1 - z) * n + z * hp[b * H + j]);
    }
  }
  return L;
}

// hard = 1: hard_sigmoid r/z gates, with pre-activations wide enough to hit the clip.
const HSIZES = [0, 1].flatMap((hard) => SIZES.map(([B, H]) => [B, H, hard] as [number, number, number]));

describe.each(ISAS)('GRU gate kernels (%s)', (isa) => {
  it.each(HSIZES)('B=%i H=%i hard=%i: fwd/bwd match _ref, backward matches finite differences', async (B, H, hard) => {
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const s = 1;
    const lens = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 1 : 4)); // row 1 is padding at s = 1
    const act = Array.from(lens, (l) => s < l);
    const gx = rand(B * 3 * H, 31 + H, hard ? 3 : 2), gh = rand(B * 3 * H, 32 + H, hard ? 3 : 2), hp = rand(B * H, 33 + H);
    const fo = expectMatchesRef(rt, 'f32_gru_fwd', { h: new Float32Array(B * H), gx, gh, hPrev: hp },
      ['h', 'gx', 'gh', 'hPrev', 'lens', s, B, H, hard], lens, 5e-6);
    const dh = rand(B * H, 41), dho = rand(B * H, 42);
    const got = expectMatchesRef(rt, 'f32_gru_bwd',
      { dGx: new Float32Array(B * 3 * H), dGh: new Float32Array(B * 3 * H), dhP: new Float32Array(B * H), dh, dho, gx: fo.gx, gh, hPrev: hp },
      ['dGx', 'dGh', 'dhP', 'dh', 'dho', 'gx', 'gh', 'hPrev', 'lens', s, B, H, hard], lens, 5e-6);
    const R = f64(dh.map((v, i) => v + dho[i]));
    const X = f64(gx), Hh = f64(gh), P = f64(hp);
    const loss = () => gruLoss(X, Hh, P, R, B, H, act, hard);
    expectClose(got.dGx, numericGrad(loss, X), 1e-4, 'dGx');
    expectClose(got.dGh, numericGrad(loss, Hh), 1e-4, 'dGh');
    // dhPrev: the direct path z*dh (the W_hh path is the host's GEMM); padded rows pass dh through
    const ndh = numericGrad(loss, P);
    for (let b = 0; b < B; b++) if (!act[b]) for (let j = 0; j < H; j++) ndh[b * H + j] = R[b * H + j];
    expectClose(got.dhP, ndh, 1e-4, 'dhPrev');
  });
});

// Reset-before pieces: each kernel against `_ref`, and the two backward halves together against
// differences of the float64 step h = (1-z) n + z hPrev, n = tanh(xn + hn), with hn an input: the
// W_hn product between the halves is the host's GEMM, stood in for by a given upstream drh.
describe.each(ISAS)('GRU reset-before kernels (%s)', (isa) => {
  it.each(HSIZES)('B=%i H=%i hard=%i', async (B, H, hard) => {
    const sig = gateFn(hard);
    const rt = await runtimeFor(isa);
    rt.resetStep();
    const s = 1;
    const lens = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 1 : 4));
    const act = Array.from(lens, (l) => s < l);
    const gx = rand(B * 3 * H, 61 + H, hard ? 3 : 2), gh = rand(B * 3 * H, 62 + H, hard ? 3 : 2), hp = rand(B * H, 63 + H);
    const g1 = expectMatchesRef(rt, 'f32_gru_rb_gates_fwd', { rh: new Float32Array(B * H), gx, gh, hPrev: hp },
      ['rh', 'gx', 'gh', 'hPrev', 'lens', s, B, H, hard], lens, 5e-6);
    const g2 = expectMatchesRef(rt, 'f32_gru_rb_fwd', { h: new Float32Array(B * H), gx: g1.gx, gh, hPrev: hp },
      ['h', 'gx', 'gh', 'hPrev', 'lens', s, B, H], lens, 5e-6);
    const dh = rand(B * H, 64), dho = rand(B * H, 65), drh = rand(B * H, 66);
    const b1 = expectMatchesRef(rt, 'f32_gru_rb_bwd_n', { dG: new Float32Array(B * 3 * H), dh, dho, gx: g2.gx, hPrev: hp },
      ['dG', 'dh', 'dho', 'gx', 'hPrev', 'lens', s, B, H, hard], lens, 5e-6);
    const b2 = expectMatchesRef(rt, 'f32_gru_rb_bwd_r', { dG: b1.dG, dh: b1.dh, drh, gx: g2.gx, hPrev: hp },
      ['dG', 'dh', 'drh', 'gx', 'hPrev', 'lens', s, B, H, hard], lens, 5e-6);
    // float64: loss = Σ Rh·h + Σ drh·(r*hPrev) (the second term stands in for the W_hn path)
    const Rh = f64(dh.map((v, i) => v + dho[i]));
    const X = f64(gx), Hh = f64(gh), P = f64(hp);
    const loss = () => {
      let L = 0;
      for (let b = 0; b < B; b++) {
        if (!act[b]) continue;
        for (let j = 0; j < H; j++) {
          const q = b * 3 * H + j, k = b * H + j;
          const r = sig(X[q] + Hh[q]), z = sig(X[q + H] + Hh[q + H]);
          const n = Math.tanh(X[q + 2 * H] + Hh[q + 2 * H]);
          L += Rh[k] * ((1 - z) * n + z * P[k]) + drh[k] * r * P[k];
        }
      }
      return L;
    };
    expectClose(b2.dG, numericGrad(loss, X), 1e-4, 'dG (r, z, n pre-activations)');
    const ndh = numericGrad(loss, P);
    for (let b = 0; b < B; b++) if (!act[b]) for (let j = 0; j < H; j++) ndh[b * H + j] = Rh[b * H + j];
    expectClose(b2.dh, ndh, 1e-4, 'dhPrev (direct paths)');
  });
});
