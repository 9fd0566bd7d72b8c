// The packed-weight cache of inference forwards (src/nn/recurrent/pack_cache.ts): reused while the
// weights are unchanged, re-packed after every way the library lets them change, never stale.
import { describe, expect, it } from 'vitest';
import { createRuntime, nn, noGrad, optim, Rng, sum, Tensor, type Runtime } from '../../src/index.js';
import { ISAS, randomArray, runtimeFor } from '../helpers.js';

type Model = nn.LSTM | nn.GRU | nn.RNN;

// Counts f32_pack_b calls of a runtime (kernels are a plain exports object; tests may wrap them).
function countPacks(rt: Runtime): { n: number } {
  const c = { n: 0 };
  const pack = rt.k.f32_pack_b;
  Object.defineProperty(rt, 'k', { value: { ...rt.k, f32_pack_b: (...a: Parameters<typeof pack>) => (c.n++, pack(...a)) } });
  return c;
}

const input = (rt: Runtime, B: number, T: number, I: number, seed: number): Tensor =>
  Tensor.from(randomArray(B * T * I, seed), [B, T, I], { runtime: rt });

// Output and h_n of a no-grad forward, copied out.
function infer(rt: Runtime, m: Model, x: Tensor): Float32Array[] {
  return noGrad(() => {
    const r = m.forward(x);
    return [r.output.toArray() as Float32Array, r.h.toArray() as Float32Array];
  });
}
// The same forward recording gradients: it never uses the cache (packs fresh every time).
function fresh(rt: Runtime, m: Model, x: Tensor): Float32Array[] {
  const r = m.forward(x);
  const out = [r.output.toArray() as Float32Array, r.h.toArray() as Float32Array];
  rt.resetStep();
  return out;
}

const models = (rt: Runtime): [string, () => Model, number][] => [
  ['LSTM B=1', () => new nn.LSTM({ inputSize: 5, hiddenSize: 19, rng: new Rng(1), runtime: rt }), 1],
  ['BiLSTM 2 layers B=3', () => new nn.LSTM({ inputSize: 5, hiddenSize: 9, numLayers: 2, bidirectional: true, rng: new Rng(2), runtime: rt }), 3],
  ['GRU B=1', () => new nn.GRU({ inputSize: 5, hiddenSize: 13, rng: new Rng(3), runtime: rt }), 1],
  ['GRU reset-before B=2', () => new nn.GRU({ inputSize: 5, hiddenSize: 11, resetAfter: false, rng: new Rng(4), runtime: rt }), 2],
  ['RNN relu B=1', () => new nn.RNN({ inputSize: 5, hiddenSize: 7, nonlinearity: 'relu', rng: new Rng(5), runtime: rt }), 1],
];

describe.each(ISAS)('packed W_hh cache (%s)', (isa) => {
  it('inference packs once per weight, and equals a forward that packs fresh, bit for bit', async () => {
    const rt = await createRuntime({ simd: isa });
    const packs = countPacks(rt);
    for (const [name, make, B] of models(rt)) {
      const m = make();
      const want = fresh(rt, m, input(rt, B, 6, 5, 10));
      const x2 = input(rt, B, 6, 5, 10);
      packs.n = 0;
      const a = infer(rt, m, x2);
      const first = packs.n;
      const b = infer(rt, m, x2);
      const c = infer(rt, m, x2);
      expect(packs.n, name).toBe(first); // the second and third forwards packed nothing
      for (const got of [a, b, c]) {
        expect(Array.from(got[0]), name).toEqual(Array.from(want[0]));
        expect(Array.from(got[1]), name).toEqual(Array.from(want[1]));
      }
      rt.resetStep();
    }
  });

  it('re-packs after writes through data(), loadStateDict and optimizer steps', async () => {
    const rt = await runtimeFor(isa);
    for (const [name, make, B] of models(rt)) {
      const m = make();
      const x = () => input(rt, B, 4, 5, 20);
      infer(rt, m, x()); // cached now
      // 1. a write through a data() view of W_hh
      const whh = m.namedParameters().find(([n]) => n === 'weight_hh_l0')![1];
      const v = whh.data();
      for (let i = 0; i < v.length; i++) v[i] = -v[i] * 0.5;
      expect(infer(rt, m, x()), `${name} after data()`).toEqual(fresh(rt, m, x()));
      // 2. loadStateDict from another model
      const other = make();
      for (const p of other.parameters()) { const d = p.data(); for (let i = 0; i < d.length; i++) d[i] = Math.sin(i + d.length); }
      infer(rt, m, x());
      m.loadStateDict(other.stateDict());
      expect(infer(rt, m, x()), `${name} after loadStateDict`).toEqual(fresh(rt, m, x()));
      // 3. an optimizer step
      infer(rt, m, x());
      const opt = new optim.SGD(m.parameters(), { lr: 0.5 });
      opt.zeroGrad();
      sum(m.forward(x()).output).backward();
      opt.step();
      expect(infer(rt, m, x()), `${name} after optimizer.step`).toEqual(fresh(rt, m, x()));
      rt.resetStep();
    }
  });

  it('markModified() after writing through an earlier view re-packs; toArray()/item() reads do not', async () => {
    const rt = await createRuntime({ simd: isa });
    const packs = countPacks(rt);
    const m = new nn.LSTM({ inputSize: 5, hiddenSize: 12, rng: new Rng(11), runtime: rt });
    const whh = m.namedParameters().find(([n]) => n === 'weight_hh_l0')![1];
    const x = () => input(rt, 1, 4, 5, 40);
    const before = infer(rt, m, x()); // memory has grown to what these forwards need
    rt.resetStep();
    const view = whh.data(); // a view taken before the next forwards (and not detached by them)
    infer(rt, m, x());
    packs.n = 0;
    whh.toArray();
    whh.view([whh.size]).toArray();
    infer(rt, m, x());
    expect(packs.n).toBe(0); // reads left the packed copies valid
    expect(view.length).toBe(whh.size);
    for (let i = 0; i < view.length; i++) view[i] *= -1;
    whh.markModified();
    const after = infer(rt, m, x());
    expect(after).toEqual(fresh(rt, m, x()));
    expect(after[0]).not.toEqual(before[0]);
    expect(packs.n).toBeGreaterThan(0);
    rt.resetStep();
  });

  it('a small model\'s packed copies take little memory', async () => {
    const rt = await createRuntime({ simd: isa });
    const m = new nn.GRU({ inputSize: 4, hiddenSize: 8, rng: new Rng(12), runtime: rt });
    infer(rt, m, input(rt, 2, 5, 4, 50));
    const { packsBytes } = rt.memoryStats();
    expect(packsBytes).toBeGreaterThan(0);
    expect(packsBytes).toBeLessThanOrEqual(64 << 10);
  });

  it('falls back to packing per forward when the state arena cannot grow', async () => {
    const rt = await createRuntime({ simd: isa, maxMemoryBytes: 8 << 20 });
    const m = new nn.LSTM({ inputSize: 8, hiddenSize: 300, rng: new Rng(9), runtime: rt }); // W_hh packs to 1.4 MB
    const want = fresh(rt, m, input(rt, 1, 3, 8, 30)); // also leaves the step arena room to pack in
    // Fill the heap so that a new state chunk no longer fits.
    try {
      for (;;) Tensor.empty([16 << 10], { runtime: rt, arena: 'params' });
    } catch { /* the ceiling */ }
    const got = infer(rt, m, input(rt, 1, 3, 8, 30));
    expect(rt.memoryStats().packsBytes).toBe(0); // no packed copy was kept
    expect(got).toEqual(want);
    expect(infer(rt, m, input(rt, 1, 3, 8, 30))).toEqual(want);
  });
});
