// Tape semantics: accumulation across backward calls, retainGraph, stale records after a reset,
// the opt-in non-finite check, and typed errors (state untouched) for bad op arguments.
import { describe, expect, it } from 'vitest';
import { Tensor, ShapeError, StateError, ValueError, setDebugNonFinite, noGrad, isGradEnabled } from '../../src/index.js';
import * as ag from '../../src/autograd/index.js';
import { runtimeFor } from '../helpers.js';

describe('tape semantics', async () => {
  const rt = await runtimeFor('simd');
  const T = (d: number[], shape: number[], o: { requiresGrad?: boolean; dtype?: 'int32' } = {}): Tensor => Tensor.from(d, shape, { runtime: rt, ...o });

  it('gradients accumulate over two backward calls; a fresh tape is needed after backward', () => {
    const w = T([1, 2, 3], [3], { requiresGrad: true });
    const y = ag.sum(ag.mul(w, w));
    y.backward({ retainGraph: true });
    expect(Array.from(w.grad!.toArray())).toEqual([2, 4, 6]);
    y.backward();
    expect(Array.from(w.grad!.toArray())).toEqual([4, 8, 12]);
    expect(ag.tapeLength(rt)).toBe(0);
    // The graph was freed: a third walk is an error (as PyTorch), not a silent no-op.
    expect(() => y.backward()).toThrow(/^Tensor\.backward: the graph of loss was already freed/);
    expect(() => ag.backward(y)).toThrow(StateError);
    expect(Array.from(w.grad!.toArray())).toEqual([4, 8, 12]);
  });

  it('a reset step arena drops the records; stale inputs throw', () => {
    const w = Tensor.from([1, 2], [2], { runtime: rt, arena: 'params', requiresGrad: true });
    const x = T([3, 4], [2]);
    const y = ag.sum(ag.mul(w, x));
    expect(ag.tapeLength(rt)).toBe(2);
    rt.resetStep();
    expect(ag.tapeLength(rt)).toBe(0);
    expect(() => y.backward()).toThrow(StateError);
    expect(() => ag.mul(w, x)).toThrow(/stale/);
  });

  it('noGrad nests and restores; results do not require grad', () => {
    const w = T([1], [1], { requiresGrad: true });
    const out = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return noGrad(() => ag.tanh(w));
    });
    expect(isGradEnabled()).toBe(true);
    expect(out.requiresGrad).toBe(false);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('setDebugNonFinite names the first op that produced NaN/Inf', () => {
    const x = T([1, -1], [2], { requiresGrad: true });
    const big = ag.scale(x, 1e30);
    setDebugNonFinite(true);
    try {
      expect(() => ag.mul(big, big)).toThrow("forward of op 'mul' produced a non-finite value (Infinity) at flat index 0 of a [2] tensor");
      const ok = ag.tanh(big);
      expect(Array.from(ok.toArray())).toEqual([1, -1]);
      // finite forward (1e-30·1e10·1e30 = 1e10), overflowing backward (dw = 1e30·1e10)
      const w = T([1e-30, 1e-30], [2], { requiresGrad: true });
      const loss = ag.sum(ag.scale(ag.mul(w, T([1e10, 1e10], [2])), 1e30));
      expect(() => loss.backward()).toThrow("backward of op 'mul' produced a non-finite value (Infinity)");
    } finally {
      setDebugNonFinite(false);
    }
    expect(() => ag.mul(big, big)).not.toThrow();
  });

  it('bad arguments throw typed errors naming function, argument, expected and actual', () => {
    rt.resetStep();
    const a = T([1, 2, 3, 4, 5, 6], [2, 3]);
    const other = Tensor.zeros([3], { runtime: rt, dtype: 'int32' });
    expect(() => ag.linear(a, T([1, 2], [1, 2]))).toThrow('linear: x must be [..., 2], got [2, 3]');
    expect(() => ag.linear(a, T([1, 2, 3], [1, 3]), T([0, 0], [2]))).toThrow('linear: b must be [1], got [2]');
    expect(() => ag.matmul(a, T([1, 2, 3, 4, 5, 6], [2, 3]))).toThrow(ShapeError);
    expect(() => ag.add(a, T([1, 2], [2]))).toThrow('add: b must have shape [2, 3] or a trailing part of it (e.g. [3]), got [2]');
    expect(() => ag.mul(a, other)).toThrow('mul: b must be float32, got int32');
    expect(() => ag.sum(a, { dim: 2 })).toThrow('sum: dim must be an integer in [-2, 1], got 2');
    expect(() => ag.sum(a, { axis: 0 } as never)).toThrow("sum: unknown option 'axis'");
    expect(() => ag.softmax(a, 0)).toThrow('softmax: only the last dim is supported');
    expect(() => ag.reshape(a, [4, 2])).toThrow('reshape: shape [4, 2] does not fit 6 elements of [2, 3]');
    expect(() => ag.concat([a, T([1, 2], [1, 2])], 0)).toThrow('concat: xs[1] must match [2, 3] except in dim 0, got [1, 2]');
    expect(() => ag.slice(a, 1, 2, 5)).toThrow('slice: range [2, 5) is outside dim 1 of size 3');
    expect(() => ag.gather(a, T([0], [1]))).toThrow('gather: ids must be int32, got float32');
    expect(() => ag.dropout(a, 1.5)).toThrow(ValueError);
    expect(() => ag.scale(a, NaN)).toThrow('scale: alpha must be a finite number, got NaN');
    expect(() => ag.sum(a).backward()).toThrow('backward: loss does not require grad');
    const w = T([1, 2], [2], { requiresGrad: true });
    expect(() => ag.mul(w, w).backward()).toThrow('backward: loss must have one element, got shape [2]');
    expect(ag.tapeLength(rt)).toBe(1); // the failed backward left the tape as it was
  });

  it('dropout: seeded mask, gradient through the kept elements only', () => {
    const x = Tensor.from(new Float32Array(1000).fill(1), [1000], { runtime: rt, requiresGrad: true });
    const rng = () => new (class { n = 0; uniform() { return (this.n++ % 4) / 4; } })();
    const y = ag.dropout(x, 0.25, { rng: rng() as never });
    const yv = y.toArray();
    expect(Array.from(yv.subarray(0, 4))).toEqual([0, 4 / 3, 4 / 3, 4 / 3].map(Math.fround));
    ag.sum(y).backward();
    expect(Array.from(x.grad!.toArray())).toEqual(Array.from(yv));
    expect(ag.dropout(x, 0.5, { training: false })).toBe(x);
  });
});
