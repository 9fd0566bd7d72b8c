// Tape basics: a small graph's gradients by hand, noGrad, detach, stale tensors after a reset.
import { describe, expect, it } from 'vitest';
import { Tensor, StateError } from '../../src/index.js';
import { linear, tanh, sum, noGrad, tapeLength } from '../../src/autograd/index.js';
import { runtimeFor } from '../helpers.js';

describe('tape', () => {
  it('linear → tanh → sum gives the hand-computed gradients', async () => {
    const rt = await runtimeFor('simd');
    const x = Tensor.from([0.5, -1, 2], [1, 3], { runtime: rt, requiresGrad: true });
    const w = Tensor.from([0.1, 0.2, -0.3, 0.4, -0.5, 0.6], [2, 3], { runtime: rt, arena: 'params', requiresGrad: true });
    const b = Tensor.from([0.05, -0.05], [2], { runtime: rt, arena: 'params', requiresGrad: true });
    const y = tanh(linear(x, w, b));
    const loss = sum(y);
    loss.backward();
    const X = [0.5, -1, 2], W = [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]], B = [0.05, -0.05];
    const z = W.map((r, o) => r.reduce((s, v, i) => s + v * X[i], B[o]));
    const dz = z.map((v) => 1 - Math.tanh(v) ** 2);
    expect(loss.item()).toBeCloseTo(Math.tanh(z[0]) + Math.tanh(z[1]), 6);
    const gw = w.grad!.toArray();
    for (let o = 0; o < 2; o++) for (let i = 0; i < 3; i++) expect(gw[o * 3 + i]).toBeCloseTo(dz[o] * X[i], 6);
    expect([...b.grad!.toArray()].map((v) => +v.toFixed(6))).toEqual(dz.map((v) => +v.toFixed(6)));
    const gx = x.grad!.toArray();
    for (let i = 0; i < 3; i++) expect(gx[i]).toBeCloseTo(dz[0] * W[0][i] + dz[1] * W[1][i], 6);
    expect(w.grad!.arena.name).toBe('state');
    expect(tapeLength(rt)).toBe(0);
  });

  it('noGrad records nothing; detach cuts the graph; stale tensors throw', async () => {
    const rt = await runtimeFor('none');
    const w = Tensor.from([1, 2], [1, 2], { runtime: rt, arena: 'params', requiresGrad: true });
    const x = Tensor.from([3, 4], [1, 2], { runtime: rt });
    const y = noGrad(() => linear(x, w));
    expect(y.requiresGrad).toBe(false);
    expect(tapeLength(rt)).toBe(0);
    const d = linear(x, w).detach();
    expect(d.requiresGrad).toBe(false);
    expect(() => sum(d).backward()).toThrow(StateError);
    rt.resetStep();
    expect(() => y.toArray()).toThrow(StateError);
    expect(() => linear(y, w)).toThrow(StateError);
  });
});
