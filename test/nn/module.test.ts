// Module naming, stateDict round trips and strict-mode errors, train/eval, default inits.
import { describe, expect, it } from 'vitest';
import { Tensor, nn, Rng, manualSeed, sum, ShapeError, ValueError, setRuntime } from '../../src/index.js';
import { runtimeFor } from '../helpers.js';

class Encoder extends nn.Module {
  readonly embedding: nn.Embedding;
  readonly proj: nn.Linear;
  constructor(seed: number) {
    super();
    const rng = new Rng(seed);
    this.embedding = this.registerModule('embedding', new nn.Embedding(6, 3, { rng, paddingIdx: 0 }));
    this.proj = this.registerModule('proj', new nn.Linear(3, 2, { rng }));
  }
  forward(ids: Tensor): Tensor {
    return this.proj.forward(this.embedding.forward(ids));
  }
}
class Model extends nn.Module {
  readonly encoder: Encoder;
  readonly head: nn.Sequential;
  constructor(seed: number) {
    super();
    this.encoder = this.registerModule('encoder', new Encoder(seed));
    this.head = this.registerModule('head', new nn.Sequential(new nn.Dropout(0.5), new nn.Linear(2, 4, { rng: new Rng(seed + 1) })));
  }
}

describe('Module', async () => {
  setRuntime(await runtimeFor('simd'));

  it('names parameters with PyTorch dotted paths, in registration order', () => {
    const m = new Model(1);
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'encoder.embedding.weight', 'encoder.proj.weight', 'encoder.proj.bias', 'head.1.weight', 'head.1.bias',
    ]);
    expect(m.parameters().every((p) => p.requiresGrad && p.arena.name === 'params')).toBe(true);
    expect(Object.keys(m.stateDict())).toEqual(m.namedParameters().map(([n]) => n));
  });

  it('round-trips a stateDict, from tensors and from plain {shape, data}', () => {
    const a = new Model(1), b = new Model(2);
    expect(b.parameters()[1].toArray()).not.toEqual(a.parameters()[1].toArray());
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    a.parameters().forEach((p, i) => expect(b.parameters()[i].toArray()).toEqual(p.toArray()));
    const c = new Model(3);
    const plain = Object.fromEntries(Object.entries(a.stateDict()).map(([k, t]) => [k, { shape: t.shape, data: Array.from(t.toArray()) }]));
    c.loadStateDict(plain);
    expect(c.parameters()[4].toArray()).toEqual(a.parameters()[4].toArray());
  });

  it('strict mode lists every missing, unexpected and misshaped key at once and changes nothing', () => {
    const a = new Model(1);
    const before = a.parameters().map((p) => p.toArray());
    const sd: Record<string, nn.StateValue> = { ...new Model(2).stateDict() };
    delete sd['encoder.proj.bias'];
    delete sd['head.1.bias'];
    sd['extra.weight'] = { shape: [1], data: [0] };
    sd['encoder.proj.weight'] = { shape: [3, 2], data: new Float32Array(6) };
    let err: unknown;
    try { a.loadStateDict(sd); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ShapeError);
    expect(String((err as Error).message)).toBe(
      'Module.loadStateDict: missing keys: encoder.proj.bias, head.1.bias; unexpected keys: extra.weight; ' +
        'wrong shapes: encoder.proj.weight (expected [2, 3], got [3, 2])',
    );
    a.parameters().forEach((p, i) => expect(p.toArray()).toEqual(before[i]));
    delete sd['encoder.proj.weight'];
    expect(() => a.loadStateDict(sd)).toThrow(ValueError);
    const r = a.loadStateDict(sd, { strict: false });
    expect(r).toEqual({ missingKeys: ['encoder.proj.weight', 'encoder.proj.bias', 'head.1.bias'], unexpectedKeys: ['extra.weight'] });
    expect(() => a.loadStateDict(sd, { strct: false } as never)).toThrow("unknown option 'strct'");
  });

  it('train()/eval() reach every descendant; Dropout is the identity in eval', () => {
    const m = new Model(1);
    const drop = m.head.layers[0] as nn.Dropout;
    m.eval();
    expect([m.training, m.encoder.training, m.encoder.proj.training, drop.training]).toEqual([false, false, false, false]);
    const x = Tensor.from(Float32Array.from({ length: 4000 }, () => 1), [4000]);
    expect(drop.forward(x)).toBe(x);
    m.train();
    manualSeed(7);
    const y = drop.forward(x).toArray();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(1800);
    expect(zeros).toBeLessThan(2200);
    expect(y.every((v) => v === 0 || v === 2)).toBe(true);
  });

  it('initialises as PyTorch: Linear U(±1/√in), Embedding N(0, 1), seeded and reproducible', () => {
    const l = new nn.Linear(400, 30, { rng: new Rng(5) });
    const w = l.weight.toArray();
    const bound = 1 / Math.sqrt(400);
    expect(Math.max(...w)).toBeLessThan(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(0.95 * bound);
    expect(Math.max(...l.bias!.toArray())).toBeLessThan(bound);
    expect(new nn.Linear(400, 30, { rng: new Rng(5) }).weight.toArray()).toEqual(w);
    const e = new nn.Embedding(200, 100, { rng: new Rng(9) }).weight.toArray();
    const mean = Array.from(e).reduce((a, b) => a + b, 0) / e.length;
    const sd = Math.sqrt(Array.from(e).reduce((a, b) => a + (b - mean) ** 2, 0) / e.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('pins the PRNG stream (the same numbers in every runtime)', () => {
    const r = new Rng(42);
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual(PINNED);
  });

  it('Embedding: paddingIdx row is zero and gets no gradient; repeated ids accumulate; zeroGrad', () => {
    const e = new nn.Embedding(5, 2, { paddingIdx: -1, rng: new Rng(3) });
    expect(e.paddingIdx).toBe(4);
    expect(Array.from(e.weight.toArray().subarray(8))).toEqual([0, 0]);
    const ids = Tensor.from(Int32Array.from([1, 4, 1, 1, 2]), [5]);
    sum(e.forward(ids)).backward();
    expect(Array.from(e.weight.grad!.toArray())).toEqual([0, 0, 3, 3, 1, 1, 0, 0, 0, 0]);
    e.zeroGrad();
    expect(Array.from(e.weight.grad!.toArray())).toEqual(new Array(10).fill(0));
    expect(() => e.forward(Tensor.from(Int32Array.from([5]), [1]))).toThrow('Embedding.forward: ids must lie in [0, 5), got 5 at flat index 0');
    expect(() => new nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow(ValueError);
    expect(() => new nn.Linear(0, 2)).toThrow('Linear: inFeatures must be a positive integer, got 0');
  });
});
// xoshiro128** seeded by splitmix32(42), computed independently in Python with 32-bit masking.
const PINNED = [2837322924, 544945897, 479756282];

describe('Rng seeds', () => {
  it('gives negative seeds their own streams', async () => {
    const { Rng } = await import('../../src/index.js');
    const a = new Rng(1).uniformIn(0, 1);
    const b = new Rng(-1).uniformIn(0, 1);
    expect(a).not.toBe(b);
    expect(new Rng(-1).uniformIn(0, 1)).toBe(b);
  });
});
