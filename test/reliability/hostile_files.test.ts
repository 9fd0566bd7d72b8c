// Hostile files, part 1: REAL files (PyTorch-written safetensors fixtures, int8-quantized ones, a
// library checkpoint and stream state, a vocabulary) mutated at the byte and at the header level,
// plus giant and deep inputs. Every parse ends in a typed error or a result, never a crash; no
// parse is slow, and none allocates typed arrays beyond a small multiple of the file's size.
// Part 2 (TensorFlow.js models) is hostile_keras.test.ts; the mutations are in mutate.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  init, data, loadCheckpoint, nn, optim, parseSafetensors, quantizeInt8, readSafetensors, Rng, RnnWasmError,
  saveCheckpoint, StreamState, sum, Tensor, writeSafetensors, type Runtime,
} from '../../src/index.js';
import { sameBits } from './probe.js';
import { attempt, byteMutation, headerMutation, join, mutate, newStats, split } from './mutate.js';

const fixtures = ['pytorch', 'rnnwasm'].flatMap((d) => {
  const dir = new URL(`../fixtures/${d}/`, import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.safetensors')).map((f) => ({ name: `${d}/${f}`, bytes: new Uint8Array(readFileSync(new URL(f, dir))) }));
});

let rt: Runtime;
beforeAll(async () => {
  rt = await init();
});

describe('safetensors from PyTorch (mutated real files)', () => {
  it('byte mutations: always a result or a FormatError, fast, no oversized allocation', () => {
    const stats = newStats();
    for (const f of fixtures) {
      fc.assert(fc.property(byteMutation(f.bytes.length), (m) => {
        const b = mutate(f.bytes, m);
        attempt(stats, b.length, () => parseSafetensors(b));
      }), { numRuns: 150 });
    }
    expect(stats.errors).toBeGreaterThan(1000);
    expect(stats.worstMs).toBeLessThan(1000); // files of a few kB: a hang, not noise, would break this
    expect(stats.worstRatio).toBeLessThanOrEqual(4);
  });

  it('header mutations (dtypes, huge shapes, overlapping offsets): a FormatError or a consistent result', () => {
    const stats = newStats();
    for (const f of fixtures) {
      const { header, body } = split(f.bytes);
      const names = Object.keys(header).filter((k) => k !== '__metadata__');
      fc.assert(fc.property(headerMutation(names), (m) => {
        const h = JSON.parse(JSON.stringify(header));
        if (m.field === 'delete') delete h[m.name];
        else if (m.field === 'overlap') h[m.name].data_offsets = h[m.other].data_offsets;
        else if (m.field === '__metadata__') h.__metadata__ = m.value;
        else h[m.name][m.field] = m.value;
        const b = join(h, body);
        attempt(stats, b.length, () => {
          const p = parseSafetensors(b);
          for (const t of p.tensors) expect(t.data.length).toBe(t.shape.reduce((a: number, d: number) => a * d, 1));
        });
      }), { numRuns: 150 });
    }
    expect(stats.errors).toBeGreaterThan(600);
    expect(stats.worstMs).toBeLessThan(1000); // files of a few kB: a hang, not noise, would break this
    expect(stats.worstRatio).toBeLessThanOrEqual(4);
  });

  it('readSafetensors into a runtime: a typed error leaves the runtime working', () => {
    const f = fixtures.find((x) => x.name === 'pytorch/lstm_bi2.safetensors')!;
    const stats = newStats();
    fc.assert(fc.property(byteMutation(f.bytes.length), (m) => {
      const b = mutate(f.bytes, m);
      attempt(stats, b.length, () => readSafetensors(b, { runtime: rt }));
      rt.resetStep();
    }), { numRuns: 300 });
    const { tensors } = readSafetensors(f.bytes, { runtime: rt });
    expect(tensors.weight_ih_l1.shape).toEqual([24, 12]);
  });

  it('int8-quantized files (quantizeInt8 of a PyTorch state_dict), mutated: a FormatError or consistent floats', () => {
    const src = parseSafetensors(fixtures.find((x) => x.name === 'pytorch/lstm_bi2.safetensors')!.bytes);
    const q = quantizeInt8(Object.fromEntries(src.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])));
    const { header, body } = split(q);
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    const stats = newStats();
    fc.assert(fc.property(byteMutation(q.length), headerMutation(names), fc.boolean(), (bm, hm, headerLevel) => {
      let b: Uint8Array;
      if (headerLevel) {
        const h = JSON.parse(JSON.stringify(header));
        if (hm.field === 'delete') delete h[hm.name];
        else if (hm.field === 'overlap') h[hm.name].data_offsets = h[hm.other].data_offsets;
        else if (hm.field !== '__metadata__') h[hm.name][hm.field] = hm.value;
        b = join(h, body);
      } else b = mutate(q, bm);
      attempt(stats, b.length, () => {
        const { tensors } = readSafetensors(b, { runtime: rt });
        for (const t of Object.values(tensors)) expect(t.toArray().length).toBe(t.size);
      });
      rt.resetStep();
    }), { numRuns: 600 });
    expect(stats.errors).toBeGreaterThan(200);
    expect(stats.worstRatio).toBeLessThanOrEqual(4);
    expect(stats.worstMs).toBeLessThan(1000); // files of a few kB: a hang, not noise, would break this
  });

  it('a giant header (200,000 tensors, ~9 MB of JSON) parses in bounded time', () => {
    const header: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) header[`t${i}`] = { dtype: 'F32', shape: [0], data_offsets: [0, 0] };
    const b = join(header, new Uint8Array(0));
    const t0 = performance.now();
    expect(parseSafetensors(b).tensors.length).toBe(200_000);
    expect(performance.now() - t0).toBeLessThan(10_000);
    header.t7 = { dtype: 'F32', shape: [2 ** 26, 2 ** 26], data_offsets: [0, 2 ** 52] };
    const huge = join(header, new Uint8Array(0));
    const stats = newStats();
    attempt(stats, huge.length, () => parseSafetensors(huge));
    expect(stats.errors).toBe(1);
    expect(stats.worstRatio).toBeLessThanOrEqual(1); // nothing near the declared 2^52 bytes was asked for
  });
});

describe('library-written files (mutated)', () => {
  const make = () => {
    const m = new nn.LSTM({ inputSize: 3, hiddenSize: 4, runtime: rt, rng: new Rng(5) });
    return { m, opt: new optim.Adam(m.parameters(), { lr: 0.1 }) };
  };

  it('loadCheckpoint: a typed error and the model unchanged, or a clean load', () => {
    const { m, opt } = make();
    const good = saveCheckpoint({ model: m, optimizer: opt, rngs: { r: new Rng(1) } });
    const snapshot = m.parameters().map((p) => Array.from(p.toArray()));
    const stats = newStats();
    fc.assert(fc.property(byteMutation(good.length), (mu) => {
      const b = mutate(good, mu);
      const target = make();
      const before = target.m.parameters().map((p) => Array.from(p.toArray()));
      let threw = false;
      attempt(stats, b.length, () => {
        try {
          loadCheckpoint(b, { model: target.m, optimizer: target.opt, rngs: { r: new Rng(2) } });
        } catch (e) {
          threw = true;
          throw e;
        }
      }, RnnWasmError);
      if (threw) expect(target.m.parameters().map((p) => Array.from(p.toArray()))).toEqual(before);
      rt.resetStep();
    }), { numRuns: 300 });
    expect(stats.errors).toBeGreaterThan(200);
    expect(m.parameters().map((p) => Array.from(p.toArray()))).toEqual(snapshot);
  });

  it('loadCheckpoint: hostile optimizer metadata is refused before the model or optimizer change', () => {
    const train = (m: ReturnType<typeof make>, steps: number) => {
      for (let s = 0; s < steps; s++) {
        m.opt.zeroGrad();
        const r = m.m.forward(Tensor.full([1, 2, 3], 0.5 + s, { runtime: rt }));
        sum(r.output).backward();
        m.opt.step();
      }
      return [...m.m.parameters().map((p) => p.toArray() as Float32Array), Float32Array.of(m.opt.stepCount)];
    };
    const src = make();
    train(src, 2);
    const good = parseSafetensors(saveCheckpoint({ model: src.m, optimizer: src.opt }));
    const meta = good.metadata!;
    const opt = JSON.parse(meta.optimizer);
    const bad: [string, (o: Record<string, any>) => void, string | null][] = [
      ['stepCount NaN-ish', (o) => (o.stepCount = 'x'), null],
      ['negative skippedSteps', (o) => (o.skippedSteps = -1), null],
      ['Adam step -3', (o) => (o.counters[0].step = -3), null],
      ['Adam step fractional', (o) => (o.counters[1].step = 1.5), null],
      ['lr negative', (o) => (o.lr = -1), null],
      ['unknown buffer', () => undefined, 'optimizer.0.bogus'],
    ];
    for (const [what, edit, extraTensor] of bad) {
      const o = JSON.parse(JSON.stringify(opt));
      edit(o);
      const tensors: Record<string, { shape: number[]; data: Float32Array | Int32Array }> = {};
      for (const t of good.tensors) tensors[t.name] = { shape: t.shape, data: t.data };
      if (extraTensor) tensors[extraTensor] = { shape: tensors['optimizer.0.exp_avg'].shape, data: tensors['optimizer.0.exp_avg'].data };
      const bytes = writeSafetensors(tensors, { ...meta, optimizer: JSON.stringify(o) });
      const target = make();
      train(target, 1);
      const twin = make();
      train(twin, 1);
      expect(() => loadCheckpoint(bytes, { model: target.m, optimizer: target.opt }), what).toThrow(RnnWasmError);
      expect(sameBits(train(target, 2), train(twin, 2)), what).toBe(true);
    }
  });

  it('StreamState.fromBytes: a result or a FormatError', () => {
    const m = new nn.GRU({ inputSize: 2, hiddenSize: 3, numLayers: 2, runtime: rt, rng: new Rng(6) });
    const good = m.initialState(2).toBytes();
    const stats = newStats();
    fc.assert(fc.property(byteMutation(good.length), (mu) => {
      attempt(stats, good.length, () => StreamState.fromBytes(mutate(good, mu)));
    }), { numRuns: 1000 });
    expect(stats.errors).toBeGreaterThan(300);
  });

  it('Vocab.fromJSON: mutated, giant and deep JSON is a FormatError', () => {
    const good = JSON.stringify(data.Vocab.fromText('the quick brown fox jumps over the lazy dog', { level: 'word' }).toJSON());
    const stats = newStats();
    fc.assert(fc.property(fc.nat(good.length - 1), fc.string({ maxLength: 6 }), fc.nat(good.length), (at, s, cut) => {
      const text = (good.slice(0, at) + s + good.slice(at + 1)).slice(0, Math.max(cut, 1));
      attempt(stats, text.length, () => data.Vocab.fromJSON(text));
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.jsonValue(), (j) => attempt(stats, 1, () => data.Vocab.fromJSON(j))), { numRuns: 500 });
    for (const text of ['['.repeat(1_000_000), '{"a":'.repeat(200_000), `{"format":"rnn-wasm-vocab","version":1,"level":"char","tokens":[${'"x",'.repeat(1_000_000)}"<pad>"]}`]) {
      attempt(stats, text.length, () => data.Vocab.fromJSON(text));
    }
    expect(stats.worstMs).toBeLessThan(5000);
  });
});
