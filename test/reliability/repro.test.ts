// Reproducibility and isolation: the same seed gives bit-identical initial weights, dropout masks,
// batches and loss curves (each kernel build, run twice on fresh runtimes); two models, and two
// runtimes, in one process do not disturb each other.
import { describe, expect, it } from 'vitest';
import {
  createRuntime, crossEntropy, data, dropout, init, linear, manualSeed, nn, optim, Rng, StateError, Tensor,
  type Runtime,
} from '../../src/index.js';
import { ISAS } from '../helpers.js';
import { digest, sameBits } from './probe.js';

const SENTENCES = ['the cat sat', 'a dog ran far away', 'birds sing', 'the sun is warm today', 'rain', 'we go home now'];

/**
 * A seeded training run that draws everything from the default generator (manualSeed) and the
 * data helpers' seeds: initialisation, dropout masks, shuffled and padded batches, a loss curve.
 */
function seededRun(rt: Runtime, seed: number): Record<string, Float32Array[]> {
  manualSeed(seed);
  const vocab = data.Vocab.fromText(SENTENCES.join(' '), { level: 'char' });
  const emb = new nn.Embedding(vocab.size, 8, { runtime: rt });
  const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 12, numLayers: 2, dropout: 0.2, runtime: rt });
  const head = new nn.Linear(12, vocab.size, { runtime: rt });
  const drop = new nn.Dropout(0.3);
  const params = [...emb.parameters(), ...lstm.parameters(), ...head.parameters()];
  const out: Record<string, Float32Array[]> = { init: params.map((p) => p.toArray() as Float32Array), masks: [], batches: [], losses: [] };
  out.masks.push(dropout(Tensor.full([64], 1, { runtime: rt }), 0.5).toArray() as Float32Array);
  rt.resetStep();
  const opt = new optim.AdamW(params, { lr: 0.02 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    const order = data.shuffledIndices(SENTENCES.length, seed + epoch);
    for (let i = 0; i < order.length; i += 3) {
      const seqs = Array.from(order.subarray(i, i + 3), (j) => vocab.encode(SENTENCES[j], { eos: true }));
      const b = data.padBatch(seqs, { padId: vocab.padId });
      out.batches.push(Float32Array.from(b.ids), Float32Array.from(b.lengths));
      const [B, T] = b.shape;
      const inputs = Tensor.from(b.ids, [B, T], { runtime: rt });
      const targets = Int32Array.from(b.ids, (_, k) => (k % T < T - 1 ? b.ids[k + 1] : vocab.padId));
      const h = drop.forward(lstm.forward(emb.forward(inputs), { lengths: b.lengths }).output);
      const loss = crossEntropy(head.forward(h), Tensor.from(targets, [B, T], { runtime: rt }), { ignoreIndex: vocab.padId });
      losses.push(loss.item());
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
  }
  out.losses.push(Float32Array.from(losses));
  out.final = params.map((p) => p.toArray() as Float32Array);
  return out;
}

describe('same seed, same bits', () => {
  for (const isa of ISAS) {
    it(`${isa} build: initial weights, dropout masks, batches and loss curve repeat exactly`, async () => {
      const a = seededRun(await createRuntime({ simd: isa }), 7);
      const b = seededRun(await createRuntime({ simd: isa }), 7);
      for (const k of Object.keys(a)) expect(sameBits(a[k], b[k]), k).toBe(true);
      expect(a.losses[0][a.losses[0].length - 1]).toBeLessThan(a.losses[0][0]); // it trained
      // A different seed changes all of it.
      const c = seededRun(await createRuntime({ simd: isa }), 8);
      for (const k of ['init', 'masks', 'batches', 'losses']) expect(digest(c[k])).not.toBe(digest(a[k]));
    });
  }

  it('initialisation, masks and batches do not depend on the build (only the kernels differ)', async () => {
    const runs = await Promise.all(ISAS.map(async (isa) => seededRun(await createRuntime({ simd: isa }), 7)));
    for (const r of runs.slice(1)) {
      for (const k of ['init', 'masks', 'batches']) expect(sameBits(r[k], runs[0][k]), k).toBe(true);
    }
  });
});

/** A model with its own generators (no shared state) and a step function over a fixed batch. */
function ownModel(rt: Runtime, seed: number) {
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, dropout: 0.25, runtime: rt, rng: new Rng(seed) });
  const head = new nn.Linear(5, 4, { runtime: rt, rng: new Rng(seed + 1) });
  const params = [...lstm.parameters(), ...head.parameters()];
  const opt = new optim.SGD(params, { lr: 0.1, momentum: 0.9 });
  const xs = new Rng(seed + 2);
  const forward = () => {
    const x = Tensor.from(Float32Array.from({ length: 2 * 4 * 3 }, () => xs.uniformIn(-1, 1)), [2, 4, 3], { runtime: rt });
    return crossEntropy(head.forward(lstm.forward(x).output), Tensor.from([0, 1, 2, 3, 3, 2, 1, 0], [2, 4], { runtime: rt, dtype: 'int32' }));
  };
  const losses: number[] = [];
  const step = () => {
    opt.zeroGrad();
    const loss = forward();
    losses.push(loss.item());
    loss.backward();
    opt.step();
  };
  const result = () => [Float32Array.from(losses), ...params.map((p) => p.toArray() as Float32Array)];
  return { step, result, forward };
}

describe('isolation', () => {
  it('two models trained in turns on one runtime match each trained alone', async () => {
    const rt = await createRuntime({ simd: 'simd' });
    const a = ownModel(rt, 100), b = ownModel(rt, 200);
    for (let s = 0; s < 6; s++) {
      a.step();
      b.step();
    }
    const soloA = ownModel(await createRuntime({ simd: 'simd' }), 100);
    const soloB = ownModel(await createRuntime({ simd: 'simd' }), 200);
    for (let s = 0; s < 6; s++) soloA.step();
    for (let s = 0; s < 6; s++) soloB.step();
    expect(sameBits(a.result(), soloA.result())).toBe(true);
    expect(sameBits(b.result(), soloB.result())).toBe(true);
  });

  it("another model's optimizer step mid-step invalidates the activations: a StateError, not garbage", async () => {
    const rt = await createRuntime({ simd: 'simd' });
    const a = ownModel(rt, 1), b = ownModel(rt, 2);
    const lossA = a.forward();
    b.step(); // resets the runtime's step arena
    expect(() => lossA.backward()).toThrow(StateError);
    a.step(); // and model A carries on normally
  });

  it('two runtimes made twice, used in turns, stay independent and equal', async () => {
    const r1 = await createRuntime({ simd: 'relaxed' });
    const r2 = await createRuntime({ simd: 'relaxed' });
    expect(r1.memory).not.toBe(r2.memory);
    const a = ownModel(r1, 5), b = ownModel(r2, 5);
    for (let s = 0; s < 5; s++) {
      a.step();
      r1.resetStep(); // resetting one runtime leaves the other's tensors alone
      b.step();
    }
    expect(sameBits(a.result(), b.result())).toBe(true);
    const keep = Tensor.from([1, 2, 3], [3], { runtime: r2 });
    r1.resetStep();
    expect(Array.from(keep.toArray())).toEqual([1, 2, 3]);
    const e = (() => { try { linear(Tensor.full([1, 3], 1, { runtime: r1 }), Tensor.full([2, 3], 1, { runtime: r2 })); } catch (x) { return x as Error; } return null; })();
    expect(e).toBeInstanceOf(StateError);
    expect(e!.message).toMatch(/linear: w belongs to a different runtime/);
  });

  it('init() twice gives the same runtime; new options a new one, and old tensors stay valid', async () => {
    const a = await init();
    expect(await init()).toBe(a);
    const t = Tensor.from([4, 5], [2], { runtime: a, arena: 'params' });
    const b = await init({ simd: 'none' });
    expect(b).not.toBe(a);
    expect(Array.from(t.toArray())).toEqual([4, 5]);
    expect(Tensor.from([1], [1]).runtime).toBe(b);
    await init({ simd: 'relaxed' });
  });
});
