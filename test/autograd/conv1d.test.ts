// conv1d: wasm forward vs a float64 reference, backward (x, w, b) vs central finite differences,
// rerun determinism (gradcheck.ts), on all three builds; geometry and typed errors.
import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, ValueError } from '../../src/index.js';
import { conv1d, conv1dGeometry, tapeLength, type Conv1dOptions } from '../../src/autograd/index.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { gradCheck } from './gradcheck.js';

interface Case { B: number; Cin: number; Cout: number; K: number; L: number; opts: Conv1dOptions; bias: boolean }

/** Float64 conv1d straight from the definition (zero padding, groups). */
function convRef(x: Float64Array, w: Float64Array, b: Float64Array | null, c: Case): Float64Array {
  const g = conv1dGeometry([c.B, c.Cin, c.L], [c.Cout, c.Cin / (c.opts.groups ?? 1), c.K], c.opts);
  const Cg = c.Cin / g.groups, Og = c.Cout / g.groups;
  const y = new Float64Array(c.B * c.Cout * g.Lout);
  for (let n = 0; n < c.B; n++) for (let o = 0; o < c.Cout; o++) for (let t = 0; t < g.Lout; t++) {
    let s = b ? b[o] : 0;
    const grp = Math.floor(o / Og);
    for (let ci = 0; ci < Cg; ci++) for (let k = 0; k < c.K; k++) {
      const j = t * g.stride + k * g.dilation - g.padL;
      if (j >= 0 && j < c.L) s += w[(o * Cg + ci) * c.K + k] * x[(n * c.Cin + grp * Cg + ci) * c.L + j];
    }
    y[(n * c.Cout + o) * g.Lout + t] = s;
  }
  return y;
}

const CASES: [string, Case][] = [
  ['plain', { B: 2, Cin: 3, Cout: 4, K: 3, L: 9, opts: {}, bias: true }],
  ['padding 2, no bias', { B: 1, Cin: 2, Cout: 3, K: 3, L: 6, opts: { padding: 2 }, bias: false }],
  ['stride 2, dilation 2', { B: 2, Cin: 2, Cout: 3, K: 3, L: 13, opts: { stride: 2, dilation: 2, padding: 1 }, bias: true }],
  ['stride 3, asymmetric pads', { B: 1, Cin: 3, Cout: 2, K: 4, L: 11, opts: { stride: 3, padding: [3, 1] }, bias: true }],
  ['groups 2', { B: 2, Cin: 4, Cout: 6, K: 2, L: 7, opts: { groups: 2, padding: 1 }, bias: true }],
  ['depthwise', { B: 1, Cin: 3, Cout: 6, K: 3, L: 8, opts: { groups: 3, padding: 'same' }, bias: true }],
  ['same, even K', { B: 1, Cin: 2, Cout: 2, K: 4, L: 9, opts: { padding: 'same' }, bias: true }],
  ['pointwise (K 1: GEMM on x directly)', { B: 3, Cin: 5, Cout: 4, K: 1, L: 6, opts: {}, bias: true }],
  ['long: spans past the 4-lane vectors', { B: 1, Cin: 2, Cout: 3, K: 5, L: 23, opts: { padding: 2 }, bias: true }],
  // Silero-like: output lengths 1 to 4 (Lout 1 writes y straight from the packed product), out
  // channels past one 8-column panel and not a multiple of it.
  ['Lout 1, 10 out channels over two panels', { B: 2, Cin: 3, Cout: 10, K: 3, L: 3, opts: {}, bias: true }],
  ['Lout 2, stride 2, groups 2', { B: 2, Cin: 4, Cout: 18, K: 3, L: 4, opts: { stride: 2, padding: 1, groups: 2 }, bias: true }],
  ['Lout 4, no bias', { B: 1, Cin: 2, Cout: 9, K: 2, L: 5, opts: {}, bias: false }],
  ['pointwise, L 1', { B: 3, Cin: 4, Cout: 11, K: 1, L: 1, opts: {}, bias: true }],
];

for (const isa of ISAS) {
  describe(`conv1d gradcheck (${isa})`, () => {
    for (const [name, c] of CASES) {
      it(name, async () => {
        const rt = await runtimeFor(isa);
        const groups = c.opts.groups ?? 1;
        const inputs = [{ shape: [c.B, c.Cin, c.L] }, { shape: [c.Cout, c.Cin / groups, c.K] }];
        if (c.bias) inputs.push({ shape: [c.Cout] });
        gradCheck(rt, {
          name, inputs,
          ref: ([x, w, b]) => convRef(x, w, b ?? null, c),
          run: ([x, w, b]) => conv1d(x, w, b ?? null, c.opts),
        });
      });
    }
  });
}

describe('conv1d gradcheck, unbatched (Cin, L) input', () => {
  it('x (2, 9), w (3, 2, 3), stride 2, padding [1, 2]', async () => {
    const c: Case = { B: 1, Cin: 2, Cout: 3, K: 3, L: 9, opts: { stride: 2, padding: [1, 2] }, bias: true };
    gradCheck(await runtimeFor('simd'), {
      name: 'unbatched', inputs: [{ shape: [2, 9] }, { shape: [3, 2, 3] }, { shape: [3] }],
      ref: ([x, w, b]) => convRef(x, w, b, c),
      run: ([x, w, b]) => conv1d(x, w, b, c.opts),
    });
  });
});

describe('conv1d shapes and errors', () => {
  it('output length follows PyTorch: floor((L + pads - dil*(K-1) - 1) / stride) + 1', () => {
    expect(conv1dGeometry([1, 1, 10], [1, 1, 3], { stride: 2, padding: 1 }).Lout).toBe(5);
    expect(conv1dGeometry([1, 1, 10], [1, 1, 4], { padding: 'same' })).toMatchObject({ padL: 1, padR: 2, Lout: 10 });
    expect(conv1dGeometry([1, 1, 10], [1, 1, 3], { padding: [2, 0], dilation: 3 }).Lout).toBe(6);
    expect(conv1dGeometry([1, 1, 5], [1, 1, 5], { padding: 'valid' }).Lout).toBe(1);
  });

  it('an unbatched (Cin, L) input gives (Cout, Lout), equal to the batched result', async () => {
    const rt = await runtimeFor('simd');
    const x = Tensor.from(Array.from({ length: 12 }, (_, i) => Math.sin(i)), [2, 6], { runtime: rt });
    const w = Tensor.from(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [3, 2, 2], { runtime: rt });
    const y = conv1d(x, w, null, { padding: 1 });
    expect(y.shape).toEqual([3, 7]);
    const yb = conv1d(Tensor.from(x.toArray(), [1, 2, 6], { runtime: rt }), w, null, { padding: 1 });
    expect(Array.from(y.toArray())).toEqual(Array.from(yb.toArray()));
  });

  it('rejects bad shapes and options with typed errors naming the argument, and records nothing', async () => {
    const rt = await runtimeFor('simd');
    rt.resetStep();
    const x = Tensor.zeros([1, 4, 8], { runtime: rt, requiresGrad: true });
    const w = Tensor.zeros([6, 2, 3], { runtime: rt, requiresGrad: true });
    const before = tapeLength(rt);
    expect(() => conv1d(x, w)).toThrow(ShapeError); // groups 1 needs w (6, 4, 3)
    expect(() => conv1d(x, w, null, { groups: 3 })).toThrow(/groups \(3\) must divide/);
    expect(() => conv1d(x, w, null, { groups: 2, stride: 0 })).toThrow(ValueError);
    expect(() => conv1d(x, w, null, { groups: 2, stride: 2, padding: 'same' })).toThrow(/'same' needs stride 1/);
    expect(() => conv1d(x, w, null, { groups: 2, padding: [1] as never })).toThrow(/padding must be/);
    expect(() => conv1d(x, w, null, { groups: 2, padding: -1 })).toThrow(/padding must be an integer >= 0/);
    expect(() => conv1d(x, w, null, { groups: 2, dilation: 4 })).toThrow(/shorter than the kernel's reach 9/);
    expect(() => conv1d(x, w, Tensor.zeros([5], { runtime: rt }), { groups: 2 })).toThrow(/b must be \[6\]/);
    expect(() => conv1d(x, w, null, { groups: 2, pad: 1 } as never)).toThrow(/unknown option 'pad'/);
    expect(() => conv1d(Tensor.zeros([8], { runtime: rt }), w)).toThrow(/x must be \(B, Cin, L\)/);
    expect(tapeLength(rt)).toBe(before);
    expect(conv1d(x, w, null, { groups: 2 }).shape).toEqual([1, 6, 6]);
  });
});
