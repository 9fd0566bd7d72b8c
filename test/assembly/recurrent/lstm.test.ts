// LSTM and peephole LSTM gate kernels: dispatch vs `_ref` in every build (odd H, B = 1, masked
// rows), and backward vs float64 finite differences.
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor } from '../../helpers.js';
import { expectClose, expectMatchesRef, f64, gateFn, numericGrad, rand, type Arg } from './recurrent_check.js';

const SIZES: [number, number][] = [[1, 1], [1, 4], [3, 5], [2, 8], [4, 13], [3, 17]];

// float64 model of one step: returns Σ Rh·h + Σ Rc·c over active rows (inactive rows carry).
function lstmLoss(pre: Float64Array, cp: Float64Array, peep: Float64Array | null, Rh: Float64Array, Rc: Float64Array, B: number, H: number, act: boolean[], hard = 0): number {
  const sig = gateFn(hard);
  let L = 0;
  for (let b = 0; b < B; b++) {
    if (!act[b]) continue;
    for (let j = 0; j < H; j++) {
      const q = b * 4 * H + j, c0 = cp[b * H + j];
      const i = sig(pre[q] + (peep ? peep[j] * c0 : 0));
      const f = sig(pre[q + H] + (peep ? peep[H + j] * c0 : 0));
      const g = Math.tanh(pre[q + 2 * H]);
      const c = f * c0 + i * g;
      const o = sig(pre[q + 3 * H] + (peep ? peep[2 * H + j] * c : 0));
      L += Rh[b * H + j] * o * Math.tanh(c) + Rc[b * H + j] * c;
    }
  }
  return L;
}

describe.each(ISAS)('LSTM gate kernels (%s)', (isa) => {
  it.each(SIZES)('B=%i H=%i: fwd/bwd match _ref, backward matches finite differences', async (B, H) => {
    const rt = await runtimeFor(isa);
    // hard = 1: hard_sigmoid gates (plain LSTM only), pre-activations wide enough to hit the clip.
    for (const [peephole, hard] of [[false, 0], [true, 0], [false, 1]] as const) {
      rt.resetStep();
      const s = 2;
      const lens = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 2 : 5)); // row 1 is padding at s = 2
      const act = Array.from(lens, (l) => s < l);
      const pre = rand(B * 4 * H, 11 + H, hard ? 4 : 2), cp = rand(B * H, 12 + H), hp = rand(B * H, 13 + H);
      const pI = rand(H, 14), pF = rand(H, 15), pO = rand(H, 16);
      const fw = peephole ? 'f32_lstm_peephole_fwd' : 'f32_lstm_fwd';
      const pArgs = peephole ? ['pI', 'pF', 'pO'] : [];
      const hArgs = peephole ? [] : [hard];
      const fo = expectMatchesRef(rt, fw, { h: new Float32Array(B * H), c: new Float32Array(B * H), gates: pre, hPrev: hp, cPrev: cp, pI, pF, pO },
        ['h', 'c', 'gates', 'hPrev', 'cPrev', ...pArgs, 'lens', s, B, H, ...hArgs], lens, 5e-6);
      const dh = rand(B * H, 21), dho = rand(B * H, 22), dc = rand(B * H, 23);
      const dp0 = rand(3 * H, 24);
      const bw = peephole ? 'f32_lstm_peephole_bwd' : 'f32_lstm_bwd';
      const bufs = { dG: new Float32Array(B * 4 * H), dhP: new Float32Array(B * H), dcP: new Float32Array(B * H), dp: dp0,
        dh, dho, dc, gates: fo.gates, cPrev: cp, c: fo.c, pI, pF, pO };
      // the three peephole grads (i, f, o) are thirds of one buffer dp
      const args: Arg[] = peephole
        ? ['dG', 'dhP', 'dcP', 'dp', ['dp', H], ['dp', 2 * H], 'dh', 'dho', 'dc', 'gates', 'cPrev', 'c', 'pI', 'pF', 'pO', 'lens', s, B, H]
        : ['dG', 'dhP', 'dcP', 'dh', 'dho', 'dc', 'gates', 'cPrev', 'c', 'lens', s, B, H, hard];
      const got = expectMatchesRef(rt, bw, bufs, args, lens, 5e-6);
      // float64 finite differences of the step's loss with Rh = dh + dhOut, Rc = dc
      const Rh = f64(dh.map((v, i) => v + dho[i])), Rc = f64(dc);
      const P = f64(pre), C = f64(cp), PP = f64([...pI, ...pF, ...pO]);
      const loss = () => lstmLoss(P, C, peephole ? PP : null, Rh, Rc, B, H, act, hard);
      expectClose(got.dG, numericGrad(loss, P), 1e-4, `${bw} hard=${hard} dGates`);
      // dcPrev: through the cell for active rows, passed through (= dc) for padded rows
      const ndc = numericGrad(loss, C);
      for (let b = 0; b < B; b++) if (!act[b]) for (let j = 0; j < H; j++) ndc[b * H + j] = dc[b * H + j];
      expectClose(got.dcP, ndc, 1e-4, `${bw} dcPrev`);
      const ndh = new Float64Array(B * H);
      for (let b = 0; b < B; b++) if (!act[b]) for (let j = 0; j < H; j++) ndh[b * H + j] = Rh[b * H + j];
      expectClose(got.dhP, ndh, 1e-6, `${bw} dhPrev`);
      if (peephole) {
        const np = numericGrad(loss, PP);
        expectClose(got.dp, np.map((v, i) => v + dp0[i]), 1e-4, 'dpeephole (accumulated)');
      }
    }
  });
});

describe('recurrent hot loops stay vectorised', () => {
  it.each(['simd', 'relaxed'])('rnn-%s.wat: every SIMD body uses f32x4', async (build) => {
    const { readFileSync } = await import('node:fs');
    const wat = readFileSync(new URL(`../../../build/rnn-${build}.wat`, import.meta.url), 'utf8');
    const bodies = ['recurrent/lstm/lstm_fwd_simd', 'recurrent/lstm/lstm_bwd_simd', 'recurrent/lstm_peephole/peephole_fwd_simd',
      'recurrent/lstm_peephole/peephole_bwd_simd', 'recurrent/gru/gru_fwd_simd', 'recurrent/gru/gru_bwd_simd',
      'recurrent/rnn/rnn_fwd_simd', 'recurrent/rnn/rnn_bwd_simd',
      // small bodies get inlined into their dispatch export
      'layout/rows/f32_gather_rows', 'layout/rows/f32_scatter_rows', 'layout/transpose_tiles/transpose_strided_simd',
      // the reset-before bodies are shared by each kernel and its _units twin
      'recurrent/gru_reset_before/gates_fwd_simd', 'recurrent/gru_reset_before/out_fwd_simd',
      'recurrent/gru_reset_before/bwd_n_simd', 'recurrent/gru_reset_before/bwd_r_simd'];
    for (const b of bodies) {
      const start = wat.indexOf(`(func $assembly/${b} (param`);
      expect(start, b).toBeGreaterThan(0);
      const end = wat.indexOf('\n (func ', start + 1);
      const body = wat.slice(start, end < 0 ? undefined : end);
      expect(body.includes('f32x4.') || body.includes('v128.load'), b).toBe(true);
    }
    if (build === 'relaxed') expect(wat.slice(wat.indexOf('(func $assembly/recurrent/lstm/lstm_fwd_simd ')).includes('f32x4.relaxed_madd')).toBe(true);
  });
});
