// The `_units` gate kernels (hidden units [u0, u1) of every row, what one thread of a scan split by
// hidden units runs): in every build, the shares of a row run one after the other give the whole
// kernel's bits, and each matches its `_ref` twin. Odd H, several rows, a padded row, hard gates.
import { describe, expect, it } from 'vitest';
import { ISAS, runtimeFor } from '../../helpers.js';
import { call, expectMatchesRef, rand, type Arg, type Bufs } from './recurrent_check.js';

interface Spec {
  name: string;
  bufs: (B: number, H: number) => Bufs;
  /** Arguments around the dims: [...before, s, B, H, (u0, u1), ...after]. */
  before: (H: number) => Arg[];
  after: Arg[];
}

const act = (n: number, seed: number): Float32Array => rand(n, seed).map((v) => 0.5 + 0.45 * v); // gate activations in (0, 1)

const SPECS: Spec[] = [];
for (const hard of [0, 1]) {
  SPECS.push(
    { name: 'f32_lstm_fwd', bufs: (B, H) => ({ h: new Float32Array(B * H), c: new Float32Array(B * H), gates: rand(B * 4 * H, 1, hard ? 4 : 2), hPrev: rand(B * H, 2), cPrev: rand(B * H, 3) }),
      before: () => ['h', 'c', 'gates', 'hPrev', 'cPrev', 'lens'], after: [hard] },
    { name: 'f32_lstm_bwd', bufs: (B, H) => ({ dG: new Float32Array(B * 4 * H), dh: rand(B * H, 4), dho: rand(B * H, 5), dc: rand(B * H, 6), gates: act(B * 4 * H, 7), cPrev: rand(B * H, 8), c: rand(B * H, 9) }),
      before: () => ['dG', 'dh', 'dc', 'dh', 'dho', 'dc', 'gates', 'cPrev', 'c', 'lens'], after: [hard] },
    { name: 'f32_gru_fwd', bufs: (B, H) => ({ h: new Float32Array(B * H), gx: rand(B * 3 * H, 10, hard ? 4 : 2), gh: rand(B * 3 * H, 11), hPrev: rand(B * H, 12) }),
      before: () => ['h', 'gx', 'gh', 'hPrev', 'lens'], after: [hard] },
    { name: 'f32_gru_bwd', bufs: (B, H) => ({ dGx: new Float32Array(B * 3 * H), dGh: new Float32Array(B * 3 * H), dh: rand(B * H, 13), dho: rand(B * H, 14), gx: act(B * 3 * H, 15), gh: rand(B * 3 * H, 16), hPrev: rand(B * H, 17) }),
      before: () => ['dGx', 'dGh', 'dh', 'dh', 'dho', 'gx', 'gh', 'hPrev', 'lens'], after: [hard] },
    { name: 'f32_gru_rb_gates_fwd', bufs: (B, H) => ({ rh: new Float32Array(B * H), gx: rand(B * 3 * H, 18, hard ? 4 : 2), gh: rand(B * 3 * H, 19), hPrev: rand(B * H, 20) }),
      before: () => ['rh', 'gx', 'gh', 'hPrev', 'lens'], after: [hard] },
    { name: 'f32_gru_rb_bwd_n', bufs: (B, H) => ({ dG: new Float32Array(B * 3 * H), dh: rand(B * H, 21), dho: rand(B * H, 22), gx: act(B * 3 * H, 23), hPrev: rand(B * H, 24) }),
      before: () => ['dG', 'dh', 'dho', 'gx', 'hPrev', 'lens'], after: [hard] },
    { name: 'f32_gru_rb_bwd_r', bufs: (B, H) => ({ dG: rand(B * 3 * H, 25), dh: rand(B * H, 26), drh: rand(B * H, 27), gx: act(B * 3 * H, 28), hPrev: rand(B * H, 29) }),
      before: () => ['dG', 'dh', 'drh', 'gx', 'hPrev', 'lens'], after: [hard] },
    // relu = hard here
    { name: 'f32_rnn_fwd', bufs: (B, H) => ({ h: new Float32Array(B * H), pre: rand(B * H, 30, 2), hPrev: rand(B * H, 31) }),
      before: () => ['h', 'pre', 'hPrev', 'lens'], after: [hard] },
    { name: 'f32_rnn_bwd', bufs: (B, H) => ({ dPre: new Float32Array(B * H), dh: rand(B * H, 32), dho: rand(B * H, 33), h: act(B * H, 34) }),
      before: () => ['dPre', 'dh', 'dh', 'dho', 'h', 'lens'], after: [hard] },
  );
}
SPECS.push(
  { name: 'f32_gru_rb_fwd', bufs: (B, H) => ({ h: new Float32Array(B * H), gx: act(B * 3 * H, 35), gh: rand(B * 3 * H, 36), hPrev: rand(B * H, 37) }),
    before: () => ['h', 'gx', 'gh', 'hPrev', 'lens'], after: [] },
  { name: 'f32_lstm_peephole_fwd', bufs: (B, H) => ({ h: new Float32Array(B * H), c: new Float32Array(B * H), gates: rand(B * 4 * H, 38, 2), hPrev: rand(B * H, 39), cPrev: rand(B * H, 40), pI: rand(H, 41), pF: rand(H, 42), pO: rand(H, 43) }),
    before: () => ['h', 'c', 'gates', 'hPrev', 'cPrev', 'pI', 'pF', 'pO', 'lens'], after: [] },
  { name: 'f32_lstm_peephole_bwd', bufs: (B, H) => ({ dG: new Float32Array(B * 4 * H), dh: rand(B * H, 44), dho: rand(B * H, 45), dc: rand(B * H, 46), dp: rand(3 * H, 47), gates: act(B * 4 * H, 48), cPrev: rand(B * H, 49), c: rand(B * H, 50), pI: rand(H, 51), pF: rand(H, 52), pO: rand(H, 53) }),
    before: (H) => ['dG', 'dh', 'dc', 'dp', ['dp', H], ['dp', 2 * H], 'dh', 'dho', 'dc', 'gates', 'cPrev', 'c', 'pI', 'pF', 'pO', 'lens'], after: [] },
);

const SIZES: [number, number][] = [[1, 8], [1, 13], [3, 17], [2, 40]];
const s = 2;

function bitsEqual(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return a.length === b.length && ua.every((x, i) => x === ub[i]);
}

describe.each(ISAS)('_units gate kernels (%s)', (isa) => {
  it.each(SIZES)('B=%i H=%i: shares run one after the other give the whole kernel\'s bits; each matches its _ref', async (B, H) => {
    const rt = await runtimeFor(isa);
    const lens = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 2 : 5)); // row 1 is padding at s = 2
    for (const spec of SPECS) {
      const args = (u: number[]): Arg[] => [...spec.before(H), s, B, H, ...u, ...spec.after];
      for (const cuts of [[0, H], [0, 1, H], [0, 4, H], [0, Math.floor(H / 2), H - 1, H]]) {
        rt.resetStep();
        const bufs = spec.bufs(B, H);
        const whole = call(rt, spec.name, bufs, args([]), lens);
        let pieces: Bufs = bufs;
        for (let i = 0; i + 1 < cuts.length; i++) {
          const u = [cuts[i], cuts[i + 1]];
          // each share against its oracle, then on to the next share from the kernel's output
          pieces = expectMatchesRef(rt, `${spec.name}_units`, pieces, args(u), lens, 5e-6);
        }
        for (const k of Object.keys(bufs)) {
          expect(bitsEqual(pieces[k] as Float32Array, whole[k]), `${spec.name} shares ${cuts} ${k}`).toBe(true);
        }
      }
    }
  });
});
