// Losses: forward vs float64 reference, gradients vs finite differences, extreme logits, errors.
import { describe, expect, it } from 'vitest';
import { Tensor, crossEntropy, bceWithLogits, mse, ShapeError, ValueError } from '../../src/index.js';
import type { Reduction } from '../../src/index.js';
import { ISAS, runtimeFor } from '../helpers.js';
import { gradCheck } from '../autograd/gradcheck.js';

const targets = [2, -100, 0, 4, 2];
function ceRef(z: Float64Array, C: number, reduction: Reduction, ignore = -100): Float64Array {
  const per: number[] = [];
  let count = 0;
  for (let r = 0; r < targets.length; r++) {
    if (targets[r] === ignore) { per.push(0); continue; }
    const row = z.subarray(r * C, (r + 1) * C);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    per.push(lse - row[targets[r]]);
    count++;
  }
  return reduce(per, reduction, count);
}
function reduce(per: number[], reduction: Reduction, count = per.length): Float64Array {
  const s = per.reduce((a, b) => a + b, 0);
  return Float64Array.from(reduction === 'none' ? per : [reduction === 'mean' ? s / count : s]);
}
const bceRef = (x: Float64Array, y: Float64Array, red: Reduction): Float64Array =>
  reduce(Array.from(x, (v, i) => Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)))), red);
const mseRef = (p: Float64Array, t: Float64Array, red: Reduction): Float64Array => reduce(Array.from(p, (v, i) => (v - t[i]) ** 2), red);
const probs = Float32Array.from({ length: 12 }, (_, i) => (i % 5) / 4);

describe.each(ISAS)('losses on %s', (isa) => {
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`crossEntropy ${reduction} with an ignored row`, async () => {
      const rt = await runtimeFor(isa);
      const g = gradCheck(rt, {
        name: `ce ${reduction}`,
        inputs: [{ shape: [5, 6] }],
        ref: ([z]) => ceRef(z, 6, reduction),
        run: ([z]) => crossEntropy(z, Tensor.from(Int32Array.from(targets), [5], { runtime: rt }), { reduction }),
      });
      expect(Array.from(g[0].subarray(6, 12))).toEqual([0, 0, 0, 0, 0, 0]); // ignored row
    });
    it(`bceWithLogits ${reduction} (grads for logits and targets)`, async () => {
      gradCheck(await runtimeFor(isa), {
        name: `bce ${reduction}`,
        inputs: [{ shape: [3, 4] }, { shape: [3, 4], data: probs }],
        ref: ([x, y]) => bceRef(x, y, reduction),
        run: ([x, y]) => bceWithLogits(x, y, { reduction }),
      });
    });
    it(`mse ${reduction}`, async () => {
      gradCheck(await runtimeFor(isa), {
        name: `mse ${reduction}`,
        inputs: [{ shape: [2, 5] }, { shape: [2, 5] }],
        ref: ([p, t]) => mseRef(p, t, reduction),
        run: ([p, t]) => mse(p, t, { reduction }),
      });
    });
  }

  it('stays finite and exact at extreme logits', async () => {
    const rt = await runtimeFor(isa);
    const z = Tensor.from([1000, -1000, 0, -120, 100, 3], [2, 3], { runtime: rt, requiresGrad: true });
    const ce = crossEntropy(z, Tensor.from(Int32Array.from([1, 2]), [2], { runtime: rt }), { reduction: 'sum' });
    expect(ce.item()).toBeCloseTo(2000 + 97, 3);
    ce.backward();
    expect(Array.from(z.grad!.toArray()).every(Number.isFinite)).toBe(true);
    const x = Tensor.from([1000, -1000, 0, 0], [4], { runtime: rt, requiresGrad: true });
    const y = Tensor.from([0, 1, 0.25, 1], [4], { runtime: rt });
    const l = bceWithLogits(x, y, { reduction: 'none' });
    const lv = l.toArray();
    expect(lv[0]).toBe(1000);
    expect(lv[1]).toBe(1000);
    expect(lv[2]).toBeCloseTo(Math.LN2, 6);
    bceWithLogits(x, y, { reduction: 'sum' }).backward();
    expect(Array.from(x.grad!.toArray())).toEqual([1, -1, 0.25, -0.5]); // σ(x) - y, 0.5 - y at x = 0
  });

  it('rejects bad shapes, targets and options with typed errors', async () => {
    const rt = await runtimeFor(isa);
    const z = Tensor.zeros([2, 3], { runtime: rt });
    const t = (v: number[]): Tensor => Tensor.from(Int32Array.from(v), [v.length], { runtime: rt });
    expect(() => crossEntropy(z, t([0, 1, 2]))).toThrow(ShapeError);
    expect(() => crossEntropy(z, t([0, 1, 2]))).toThrow('crossEntropy: targets must be [2] for logits [2, 3], got [3]');
    expect(() => crossEntropy(z, t([0, 3]))).toThrow('crossEntropy: targets must lie in [0, 3) or equal ignoreIndex -100, got 3 at flat index 1');
    expect(() => crossEntropy(z, t([0, 1]), { reduction: 'avg' as never })).toThrow(ValueError);
    expect(() => crossEntropy(z, t([0, 1]), { ignore: 1 } as never)).toThrow("crossEntropy: unknown option 'ignore'");
    expect(() => crossEntropy(z, z)).toThrow('crossEntropy: targets must be int32 class ids, got float32');
    expect(() => bceWithLogits(z, Tensor.zeros([3, 2], { runtime: rt }))).toThrow('bceWithLogits: targets must be [2, 3] like logits, got [3, 2]');
    expect(() => mse(z, Tensor.zeros([6], { runtime: rt }))).toThrow(ShapeError);
  });
});
