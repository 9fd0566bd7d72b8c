// Non-finite values: the opt-in check names the first op (forward or backward) that produced
// NaN/Inf, and optimizers with skipNonFinite skip such a step, count it, and leave the weights and
// their own state exactly as they were.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRuntime, crossEntropy, linear, mul, nn, noGrad, optim, Rng, scale, setDebugNonFinite, sum, tanh,
  Tensor, ValueError, type Runtime,
} from '../../src/index.js';
import { sameBits } from './probe.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await createRuntime({ simd: 'simd' });
});
afterEach(() => setDebugNonFinite(false));

const t = (v: number[], shape: number[], requiresGrad = false) => Tensor.from(v, shape, { runtime: rt, requiresGrad });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error was thrown');
}

describe('setDebugNonFinite', () => {
  it('names the first forward op that produced Inf, not a later one', () => {
    setDebugNonFinite(true);
    const x = t([1e20, 1], [1, 2]);
    const w = t([1e20, 0, 0, 1], [2, 2]);
    // linear overflows (1e40); tanh after it would map Inf to 1 and hide it.
    const e = thrown(() => tanh(linear(x, w)));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^forward of op 'linear' produced a non-finite value \(Infinity\) at flat index 0 of a \[1, 2\] tensor/);
    // Off again: the same computation runs and the overflow is hidden by tanh, as without the check.
    setDebugNonFinite(false);
    expect(Array.from(tanh(linear(x, w)).toArray())).toEqual([1, Math.fround(Math.tanh(1))]);
  });

  it('checks inside noGrad and in the recurrent layers too', () => {
    setDebugNonFinite(true);
    const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 3, runtime: rt, rng: new Rng(1) });
    const x = t([0, 1, NaN, 0], [1, 2, 2]);
    const e = thrown(() => noGrad(() => lstm.forward(x)));
    expect(e.message).toMatch(/^forward of op 'recurrent' produced a non-finite value \(NaN\)/);
  });

  it('names the backward op whose gradient overflowed while every forward value was finite', () => {
    setDebugNonFinite(true);
    const a = t([1e-30], [1], true);
    const b = t([1e30], [1], true);
    const loss = sum(scale(mul(a, b), 1e30)); // forward: 1 * 1e30, finite
    expect(loss.item()).toBeCloseTo(1e30, -25);
    const e = thrown(() => loss.backward());
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^backward of op 'mul' produced a non-finite value \(Infinity\)/);
  });
});

/** Embedding -> LSTM -> Linear with Adam; the third batch holds an id whose row we poison. */
function setup(skipNonFinite: boolean) {
  const emb = new nn.Embedding(10, 4, { runtime: rt, rng: new Rng(11) });
  const lstm = new nn.LSTM({ inputSize: 4, hiddenSize: 6, runtime: rt, rng: new Rng(12) });
  const head = new nn.Linear(6, 10, { runtime: rt, rng: new Rng(13) });
  const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters()];
  const opt = new optim.Adam(params, { lr: 0.05, skipNonFinite });
  const step = (s: number, poison = false): boolean => {
    const ids = Int32Array.from({ length: 8 }, (_, i) => (i * 3 + s) % 10);
    const tg = Int32Array.from(ids, (v) => (v + 1) % 10);
    opt.zeroGrad();
    let x = emb.forward(Tensor.from(ids, [2, 4], { runtime: rt }));
    if (poison) x = mul(x, Tensor.full([4], Infinity, { runtime: rt })); // Inf activations: NaN gradients
    const loss = crossEntropy(head.forward(lstm.forward(x).output), Tensor.from(tg, [2, 4], { runtime: rt }));
    loss.backward();
    return opt.step();
  };
  const snapshot = () => [...params.map((p) => p.toArray() as Float32Array), ...params.flatMap((p) => Object.values(opt.stateOf(p)).map((s) => s.toArray() as Float32Array))];
  return { step, snapshot, opt, params };
}

describe('optimizer skipNonFinite', () => {
  it('skips, counts and reports a step with NaN gradients; training then continues as if it never happened', () => {
    const a = setup(true);
    expect(a.step(0)).toBe(true);
    expect(a.step(1)).toBe(true);
    const before = a.snapshot();
    expect(a.step(2, true)).toBe(false); // skipped
    expect(a.opt.skippedSteps).toBe(1);
    expect(a.opt.stepCount).toBe(2);
    expect(sameBits(a.snapshot(), before)).toBe(true); // weights and Adam moments untouched
    for (let s = 3; s < 6; s++) expect(a.step(s)).toBe(true);

    const b = setup(true);
    for (const s of [0, 1, 3, 4, 5]) b.step(s);
    expect(b.opt.skippedSteps).toBe(0);
    expect(sameBits(a.snapshot(), b.snapshot())).toBe(true);
  });

  it('without skipNonFinite the same step corrupts the weights (what the option prevents)', () => {
    const c = setup(false);
    c.step(0);
    c.step(2, true);
    expect(c.params.some((p) => Array.from(p.toArray()).some((v) => !Number.isFinite(v)))).toBe(true);
  });
});
