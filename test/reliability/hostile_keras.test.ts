// Hostile files, part 2: a model saved by TensorFlow.js (Embedding, Bidirectional LSTM, GRU,
// Dense) with mutated model.json text and weight bytes, deep and giant model.json, a hostile
// server for loadKeras, and bad input to the imported model. parseKerasModel must answer with a
// FormatError; importKeras and loadKeras with a typed error; never a crash or a hang.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import {
  init, FormatError, importKeras, loadKeras, manualSeed, nn, parseKerasModel, RnnWasmError, Tensor, ValueError,
  type Runtime,
} from '../../src/index.js';
import { attempt, byteMutation, mutate, newStats } from './mutate.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await init();
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
    expect(stats.worstMs).toBeLessThan(1000);
    // Deep and giant model.json text.
    const big = newStats();
    const deep = ['{"modelTopology":' + '['.repeat(1_000_000), '{"modelTopology":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001),
      json.replace('"layers":[', `"layers":[${'{"class_name":"Dropout","config":{}},'.repeat(20_000)}`)];
    for (const text of deep) attempt(big, text.length, () => parseKerasModel(text, weights));
    expect(big.errors).toBe(3);
    expect(big.worstMs).toBeLessThan(5000);
  });

  it('KerasModel: bad input is a typed error naming the call, and the model is unchanged', () => {
    const m = importKeras(json, weights);
    const ids = Tensor.from(Int32Array.from({ length: 10 }, (_, i) => (i * 7) % 20), [2, 5], { runtime: rt });
    const before = m.forward(ids).toArray();
    const bad: [() => unknown, typeof RnnWasmError, RegExp][] = [
      [() => m.forward(Tensor.full([2, 5], 1, { runtime: rt })), ValueError, /KerasModel\.forward: .*needs int32 ids, got float32/],
      [() => m.forward(Tensor.from(Int32Array.of(1, 2, 3, 4, 20), [1, 5], { runtime: rt })), ValueError, /ids must lie in \[0, 20\), got 20/],
      [() => m.step(Tensor.from(Int32Array.of(1, 2), [2], { runtime: rt })), ValueError, /KerasModel\.step: .*bidirectional.*use forward/],
      [() => m.initialState(0), ValueError, /KerasModel\.initialState: /],
    ];
    for (const [call, Err, msg] of bad) {
      expect(call).toThrow(Err);
      expect(call).toThrow(msg);
    }
    expect(Array.from(m.forward(ids).toArray())).toEqual(Array.from(before));
  });

  it('importing, or failing to import, leaves the default generator where it was', () => {
    const draw = () => new nn.Linear(3, 2, { runtime: rt }).weight.toArray();
    manualSeed(77);
    const fresh = draw();
    manualSeed(77);
    importKeras(json, weights);
    expect(() => importKeras(json, weights.slice(0, 100))).toThrow(FormatError);
    expect(draw()).toEqual(fresh);
  });

  it('loadKeras over a hostile server: typed errors for bad JSON, truncated shards, HTTP and network failures', async () => {
    const serve = (files: Record<string, Uint8Array | string | Error>) => async (url: string): Promise<Response> => {
      const f = files[new URL(url).pathname];
      if (f instanceof Error) throw f;
      return f === undefined ? new Response('no', { status: 404 }) : new Response(f as BodyInit);
    };
    const good = { '/m/model.json': json, '/m/w.bin': weights };
    expect((await loadKeras('http://h/m/model.json', { fetch: serve(good) })).forward).toBeTypeOf('function');
    const cases: [Record<string, Uint8Array | string | Error>, typeof RnnWasmError, RegExp][] = [
      [{ ...good, '/m/model.json': json.slice(0, 100) }, FormatError, /model\.json .*not valid JSON/],
      [{ ...good, '/m/w.bin': weights.slice(0, 10) }, FormatError, /loadKeras: weight/],
      [{ '/m/model.json': json }, FormatError, /HTTP 404/],
      [{ ...good, '/m/w.bin': new TypeError('fetch failed') }, FormatError, /fetching .*w\.bin failed: fetch failed/],
      [{ '/m/model.json': '{"weightsManifest": [{"paths": [1]}]}' }, FormatError, /paths array of strings/],
    ];
    for (const [files, Err, msg] of cases) {
      const e = await loadKeras('http://h/m/model.json', { fetch: serve(files) }).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(Err);
      expect((e as Error).message).toMatch(msg);
    }
    const e = await loadKeras('model.json', { fetch: serve(good) }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ValueError);
    expect((e as Error).message).toMatch(/loadKeras: modelUrl must be an absolute URL/);
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
    expect(performance.now() - t0).toBeLessThan(8000); // was ~18 s with the quadratic lookup
  });
});
