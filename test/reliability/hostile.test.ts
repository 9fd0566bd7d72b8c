// Hostile files: REAL files (PyTorch-written safetensors fixtures, a TensorFlow.js-saved model, a
// library checkpoint and stream state, a vocabulary) mutated at the byte and at the header level,
// plus giant and deep inputs. Every parse ends in a typed error or a result, never a crash; no
// parse is slow, and none allocates typed arrays beyond a small multiple of the file's size.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import {
  init, data, FormatError, importKeras, loadCheckpoint, nn, optim, parseKerasModel, parseSafetensors,
  readSafetensors, Rng, RnnWasmError, saveCheckpoint, StreamState, type Runtime,
} from '../../src/index.js';

const fixtures = ['pytorch', 'rnnwasm'].flatMap((d) => {
  const dir = new URL(`../fixtures/${d}/`, import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.safetensors')).map((f) => ({ name: `${d}/${f}`, bytes: new Uint8Array(readFileSync(new URL(f, dir))) }));
});

/** Largest single typed array / ArrayBuffer (bytes) allocated by the JS code inside fn. */
function largestAllocation(fn: () => void): number {
  const g = globalThis as Record<string, unknown>;
  const saved = ['Float32Array', 'Int32Array', 'Uint8Array', 'Float64Array', 'ArrayBuffer'].map((n) => [n, g[n]] as const);
  let most = 0;
  for (const [n, C] of saved) {
    // A Proxy, not a subclass, so that `x instanceof Uint8Array` still holds for existing arrays.
    g[n] = new Proxy(C as new (...a: unknown[]) => { byteLength: number }, {
      construct(target, args) {
        const o = Reflect.construct(target, args) as { byteLength: number };
        most = Math.max(most, o.byteLength);
        return o;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const [n, C] of saved) g[n] = C;
  }
  return most;
}

interface Stats { worstMs: number; worstRatio: number; errors: number; ok: number }
/**
 * Runs parse(bytes) and checks the outcome: a result, or an error of class `Err`. Records time and
 * the largest allocation relative to the input size. Anything else (TypeError, RangeError) fails.
 */
function attempt(stats: Stats, size: number, parse: () => unknown, Err: typeof RnnWasmError = FormatError): void {
  const t0 = performance.now();
  let err: unknown = null;
  const most = largestAllocation(() => {
    try {
      parse();
    } catch (e) {
      err = e;
    }
  });
  stats.worstMs = Math.max(stats.worstMs, performance.now() - t0);
  // Decoding U8/I8 to int32 (4x) and F16/BF16 to float32 (2x) may expand; nothing else may.
  stats.worstRatio = Math.max(stats.worstRatio, (most - 1024) / Math.max(size, 1));
  if (err === null) stats.ok++;
  else {
    stats.errors++;
    if (!(err instanceof Err)) throw new Error(`expected ${Err.name}, got ${String(err)}\n${(err as Error)?.stack}`);
  }
}
const newStats = (): Stats => ({ worstMs: 0, worstRatio: 0, errors: 0, ok: 0 });

/** Byte-level mutations of a file: flipped bytes, a cut, a rewritten header length, a spliced copy. */
function byteMutation(len: number) {
  return fc.record({
    flips: fc.array(fc.tuple(fc.nat(len - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(len), { nil: undefined }),
    headerLen: fc.option(fc.oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 32 - 1, 100_000_001)), { nil: undefined }),
    splice: fc.option(fc.tuple(fc.nat(len - 1), fc.nat(len - 1), fc.nat(64)), { nil: undefined }),
  });
}
function mutate(src: Uint8Array, m: { flips: [number, number][]; cut?: number; headerLen?: number; splice?: [number, number, number] }): Uint8Array {
  let b = src.slice();
  if (m.splice) {
    const [from, to, n] = m.splice;
    const piece = b.slice(from, from + n);
    b = Uint8Array.from([...b.slice(0, to), ...piece, ...b.slice(to)]);
  }
  for (const [i, v] of m.flips) if (i < b.length) b[i] = v;
  if (m.headerLen !== undefined && b.length >= 8) new DataView(b.buffer).setUint32(0, m.headerLen >>> 0, true);
  if (m.cut !== undefined) b = b.slice(0, m.cut);
  return b;
}

/** The header and data buffer of a real file, to rebuild it with a mutated header. */
function split(file: Uint8Array): { header: Record<string, Record<string, unknown>>; body: Uint8Array } {
  const n = new DataView(file.buffer, file.byteOffset).getUint32(0, true);
  return { header: JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))), body: file.subarray(8 + n) };
}
function join(header: unknown, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}
const hostileValue = fc.oneof(
  fc.constantFrom(2 ** 53, 2 ** 31, -1, 1.5, NaN, 1e308, 0, 'F8', 'F16', 'I64', 'U8', 'BOOL', 'F64', null, [], {}, [2 ** 40, 2 ** 40], [0, 2 ** 62], [5, 1]),
  fc.array(fc.integer({ min: -2, max: 2 ** 31 }), { maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Replace one field (dtype, shape or data_offsets) of one tensor, or copy another tensor's offsets. */
function headerMutation(names: string[]) {
  return fc.record({
    name: fc.constantFrom(...names),
    field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'overlap', 'delete', '__metadata__'),
    value: hostileValue,
    other: fc.constantFrom(...names),
  });
}

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
    expect(stats.worstMs).toBeLessThan(250);
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
    expect(stats.worstMs).toBeLessThan(250);
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

  it('a giant header (200,000 tensors, ~9 MB of JSON) parses in bounded time', () => {
    const header: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) header[`t${i}`] = { dtype: 'F32', shape: [0], data_offsets: [0, 0] };
    const b = join(header, new Uint8Array(0));
    const t0 = performance.now();
    expect(parseSafetensors(b).tensors.length).toBe(200_000);
    expect(performance.now() - t0).toBeLessThan(5000);
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
    expect(stats.worstMs).toBeLessThan(3000);
  });
});

describe('TensorFlow.js models (mutated real saves)', () => {
  let json = '';
  let weights = new Uint8Array(0);
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 20, outputDim: 6, inputLength: 5 }));
    model.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' } as never) as tf.RNN }));
    model.add(tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid' } as never));
    model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    let art: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      art = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    json = JSON.stringify({ format: 'layers-model', modelTopology: art!.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: art!.weightSpecs }] });
    weights = new Uint8Array(art!.weightData as ArrayBuffer);
    expect(parseKerasModel(json, weights).map((s) => s.kind)).toEqual(['embedding', 'recurrent', 'recurrent', 'dense']);
  });

  it('parseKerasModel: mutated model.json and weights are a FormatError; importKeras a typed error', () => {
    const stats = newStats();
    const imported = newStats();
    fc.assert(fc.property(fc.nat(json.length - 1), fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('9999999', '-1', '1e300', '"float16"', 'null', '[]', '{}')), byteMutation(weights.length), fc.boolean(), (at, s, wm, mutW) => {
      const j = json.slice(0, at) + s + json.slice(at + 1);
      const w = mutW ? mutate(weights, wm) : weights;
      attempt(stats, j.length + w.length, () => parseKerasModel(j, w));
      attempt(imported, j.length + w.length, () => importKeras(j, w), RnnWasmError);
      rt.resetStep();
    }), { numRuns: 400 });
    expect(stats.errors).toBeGreaterThan(100);
    expect(stats.worstMs).toBeLessThan(500);
  });

  it('a model.json with 10,000 Dense layers is handled in bounded time', () => {
    const layers = [{ class_name: 'Dense', config: { name: 'd0', units: 1, batch_input_shape: [null, 1] } }];
    const specs = [];
    for (let i = 0; i < 10_000; i++) {
      if (i) layers.push({ class_name: 'Dense', config: { name: `d${i}`, units: 1 } as never });
      specs.push({ name: `d${i}/kernel`, shape: [1, 1], dtype: 'float32' }, { name: `d${i}/bias`, shape: [1], dtype: 'float32' });
    }
    const model = { modelTopology: { class_name: 'Sequential', config: { layers } }, weightsManifest: [{ paths: [], weights: specs }] };
    const t0 = performance.now();
    expect(parseKerasModel(model, new Uint8Array(8 * 10_000)).length).toBe(10_000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
